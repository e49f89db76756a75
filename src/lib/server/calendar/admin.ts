/**
 * Staff keep the holiday calendar: add or change a day (a holiday, or a 调休 make-up working day),
 * remove one, and confirm a year once the State Council notice is out (its days stop being
 * provisional). Days staff touched are never overwritten by the shipped data. Audited.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import { fieldErrors } from '../forms';
import { dayForm, type DayInput } from './forms';
import type { DB, Executor } from '../db';
import { holidays } from './schema';
import * as audit from '../audit';

export function list(db: Executor, year: string) {
	return db
		.select()
		.from(holidays)
		.where(like(holidays.day, `${year}-%`))
		.orderBy(asc(holidays.day))
		.all();
}

export function years(db: Executor): { year: string; days: number; provisional: number }[] {
	const rows = db.select({ day: holidays.day, provisional: holidays.provisional }).from(holidays).all();
	const m = new Map<string, { days: number; provisional: number }>();
	for (const r of rows) {
		const y = r.day.slice(0, 4);
		const cur = m.get(y) ?? { days: 0, provisional: 0 };
		cur.days++;
		if (r.provisional) cur.provisional++;
		m.set(y, cur);
	}
	return [...m].sort(([a], [b]) => a.localeCompare(b)).map(([year, v]) => ({ year, ...v }));
}

export function saveDay(
	db: DB,
	actorId: string,
	raw: DayInput
): { ok: true } | { ok: false; fields: Record<string, string> } {
	// the route has parsed the form already; the check is repeated for other callers
	const r = dayForm.safeParse(raw);
	if (!r.success) return { ok: false, fields: fieldErrors(r.error) };
	const v = r.data;
	db.transaction((tx) => {
		const before = tx.select().from(holidays).where(eq(holidays.day, v.day)).get();
		const row = { day: v.day, kind: v.kind, nameZh: v.nameZh, nameEn: v.nameEn, provisional: false, source: 'staff' };
		tx.insert(holidays).values(row).onConflictDoUpdate({ target: holidays.day, set: row }).run();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: before ? 'calendar.update' : 'calendar.add',
			subject: { type: 'holiday', id: v.day },
			before: before ?? null,
			after: row
		});
	});
	return { ok: true };
}

/** Removes a day staff added (days from the State Council notices shipped with the site stay). */
export function removeDay(db: DB, actorId: string, day: string): boolean {
	return db.transaction((tx) => {
		const before = tx.select().from(holidays).where(eq(holidays.day, day)).get();
		if (!before || before.source !== 'staff') return false;
		tx.delete(holidays).where(eq(holidays.day, day)).run();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'calendar.remove',
			subject: { type: 'holiday', id: day },
			before
		});
		return true;
	});
}

/** Mark every day of the year as confirmed by staff (the notice is out and the days match). */
export function confirmYear(db: DB, actorId: string, year: string): number {
	if (!/^\d{4}$/.test(year)) return 0;
	return db.transaction((tx) => {
		const n = tx
			.update(holidays)
			.set({ provisional: false, source: 'staff' })
			.where(and(like(holidays.day, `${year}-%`), eq(holidays.provisional, true)))
			.run().changes;
		if (n)
			audit.record(tx, {
				actor: { type: 'user', id: actorId },
				action: 'calendar.confirm_year',
				subject: { type: 'holiday_year', id: year },
				note: `${n} days confirmed`
			});
		return n;
	});
}

/**
 * From 1 November, the next year whose calendar is not confirmed (no days, or any still
 * provisional): working-day deadlines that run into it would use a guessed calendar. null otherwise.
 */
export function unconfirmedNextYear(db: Executor, today: string): string | null {
	if (Number(today.slice(5, 7)) < 11) return null;
	const next = String(Number(today.slice(0, 4)) + 1);
	const y = years(db).find((x) => x.year === next);
	return !y || y.provisional > 0 ? next : null;
}
