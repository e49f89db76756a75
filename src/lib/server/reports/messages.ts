/**
 * Who hears what about a report: the reporter (through the contact left on the form, for this
 * report only), the people following it by email, and the department's staff. Each function runs
 * inside the transaction of the change it tells about.
 */
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { DB, Executor, Tx } from '../db';
import { once } from '../scheduler';
import { now } from '../clock';
import { districtDay } from '../../time/zone';
import { reports, type ReportStatus } from './schema';
import * as deadline from './deadline';
import { dueLabel } from './deadline';
import { users } from '../auth/schema';
import { notify, notifyUser } from '../outbox/notify';
import { reportFollows } from '../outbox/schema';
import { asLocale, type Locale } from '../outbox/templates';
import { DEPARTMENTS, REPORT_CATEGORIES, TOWNS } from '../reference';
import { m } from '$lib/paraglide/messages';
import { nameIn } from '$lib/text';

type Report = typeof reports.$inferSelect;

export const trackPath = (code: string) => `/report/track/${code}`;

/**
 * The deadline as the reporter reads it. One place to change when reports move from a due day to
 * a due instant (the correctness work): today it is the district day, YYYY-MM-DD.
 */
export function dueText(r: Pick<Report, 'dueAt'>): string {
	return r.dueAt ? dueLabel(r.dueAt) : '';
}

/**
 * Urgent reports go to staff at once, the rest in the 08:30 digest. One place to change when the
 * correctness work defines "urgent": today overflow, reservoir-zone reports, or any report inside
 * a first-level protection zone.
 */
export function isUrgent(r: Pick<Report, 'category' | 'zoneKind'>): boolean {
	return deadline.isUrgent(r);
}

const category = (code: string, l: Locale) => {
	const c = REPORT_CATEGORIES.find((x) => x.code === code);
	return c ? nameIn(c, l) : code;
};
const town = (code: string | null, l: Locale) => {
	const t = TOWNS.find((x) => x.code === code);
	return t ? nameIn(t, l) : (code ?? '');
};
const department = (code: string | null, l: Locale) => {
	const d = DEPARTMENTS.find((x) => x.code === code);
	return d ? (l === 'en' ? ((d as { en?: string }).en ?? d.zh) : d.zh) : (code ?? '');
};

/** The acknowledgement, and urgent reports to the department's staff at once. */
export function submitted(tx: Tx, r: Report, privatePath?: string): void {
	const l = asLocale(r.locale);
	if (r.contact)
		notify(tx, 'report.ack', r.contact, { code: r.code, link: privatePath ?? trackPath(r.code) }, l, {
			dedupeKey: `report:${r.code}:ack`
		});
	if (isUrgent(r) && r.departmentCode)
		for (const u of staffOf(tx, r.departmentCode))
			notifyUser(
				tx,
				u,
				'staff.new_report',
				(l) => ({
					code: r.code,
					category: category(r.category, l),
					place: town(r.townCode, l),
					link: `/admin/reports/${r.code}`
				}),
				{ dedupeKey: `report:${r.code}:new:${u}` }
			);
}

export function staffOf(db: Executor, departmentCode: string): string[] {
	return db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.role, 'staff'), eq(users.departmentCode, departmentCode), isNull(users.disabledAt)))
		.all()
		.map((u) => u.id);
}

export function admins(db: Executor): string[] {
	return db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
		.all()
		.map((u) => u.id);
}

export const CONFIRM_DAYS = 7;

/** After a staff transition: the reporter for the steps they hear of, followers for every public change. */
export function transitioned(
	tx: Tx,
	r: Report,
	action: string,
	to: ReportStatus,
	info: {
		publicNote: string | null;
		dueAt?: Date | null;
		department?: string | null;
		original?: string;
		/** the reporter's single-use follow-up page (issue 16) */
		followUpPath?: string;
	}
): void {
	const l = asLocale(r.locale);
	const code = r.code;
	const link = trackPath(code);
	const key = `report:${code}:${action}:${Date.now()}`;
	if (r.contact) {
		const c = r.contact;
		if (action === 'accept')
			notify(tx, 'report.accepted', c, { code, due: info.dueAt ? dueLabel(info.dueAt) : '', link }, l, {
				dedupeKey: key
			});
		if (action === 'transfer')
			notify(tx, 'report.transferred', c, { code, department: department(info.department ?? null, l), link }, l, {
				dedupeKey: key
			});
		if (action === 'resolve')
			notify(
				tx,
				'report.resolved',
				c,
				{
					code,
					note: info.publicNote ?? '',
					days: CONFIRM_DAYS,
					fixedLink: info.followUpPath ?? link,
					notFixedLink: info.followUpPath ?? link
				},
				l,
				{ dedupeKey: key }
			);
		if (action === 'reject')
			notify(tx, 'report.rejected', c, { code, note: info.publicNote ?? '', link }, l, { dedupeKey: key });
		if (action === 'duplicate')
			notify(
				tx,
				'report.duplicate',
				c,
				{ code, original: info.original ?? '', link: trackPath(info.original ?? code) },
				l,
				{
					dedupeKey: key
				}
			);
	}
	toFollowers(tx, code, to, info.publicNote, key);
}

/** The approved extension, to the reporter and followers. */
export function extended(tx: Tx, r: Report, dueAt: Date, reason: string): void {
	const dueDay = dueLabel(dueAt);
	const l = asLocale(r.locale);
	const key = `report:${r.code}:extended:${dueDay}`;
	if (r.contact)
		notify(tx, 'report.extended', r.contact, { code: r.code, due: dueDay, reason, link: trackPath(r.code) }, l, {
			dedupeKey: key
		});
	toFollowers(tx, r.code, r.status, reason, key);
}

const statusText = (s: ReportStatus, l: Locale) =>
	(m as unknown as Record<string, (p: object, o: object) => string>)[`status_${s}`]?.({}, { locale: l }) ?? s;

/** Every confirmed follower hears of a public change, with a one-click unsubscribe link. */
export function toFollowers(tx: Tx, code: string, to: ReportStatus, note: string | null, key: string): void {
	const fs = tx
		.select()
		.from(reportFollows)
		.where(and(eq(reportFollows.reportCode, code), isNotNull(reportFollows.confirmedAt)))
		.all();
	for (const f of fs) {
		const l = asLocale(f.locale);
		notify(
			tx,
			'follow.update',
			f.email,
			{
				code,
				status: statusText(to, l),
				note: note ?? '',
				link: trackPath(code),
				unsubscribeLink: `/report/follow/${f.token}/stop`
			},
			l,
			{ dedupeKey: `${key}:f${f.id}` }
		);
	}
}

// ---------- the department's scheduled messages ----------

/**
 * The 08:30 working-day digest: each department's staff hear of the non-urgent reports that
 * reached its queue since the last digest (urgent ones went at once). Returns messages queued.
 */
export function digest(db: DB): number {
	let n = 0;
	const fresh = db
		.select()
		.from(reports)
		.where(and(eq(reports.status, 'pending'), isNotNull(reports.departmentCode), eq(reports.isDemo, false)))
		.all()
		.filter((r) => !isUrgent(r));
	const byDept = new Map<string, Report[]>();
	for (const r of fresh) byDept.set(r.departmentCode!, [...(byDept.get(r.departmentCode!) ?? []), r]);
	for (const [dept, list] of byDept)
		db.transaction((tx) => {
			const unseen = list.filter((r) => once(tx, 'reports.staff_digest', r.code));
			if (!unseen.length) return;
			const lines = (l: Locale) =>
				unseen.map((r) => `${r.code} · ${category(r.category, l)} · ${town(r.townCode, l)}`).join('\n');
			const stamp = districtDay(now());
			for (const u of staffOf(tx, dept))
				n += notifyUser(
					tx,
					u,
					'staff.digest',
					(l) => ({ count: unseen.length, list: lines(l), link: '/admin/reports' }),
					{ dedupeKey: `digest:${dept}:${stamp}:${unseen[0].code}:${u}` }
				);
		});
	return n;
}

/**
 * Deadlines, run hourly: "due within a day" to the department on the last day; "overdue" to the
 * department and to admin the day after. Each sent once per report and deadline.
 */
export function deadlines(db: DB): number {
	let n = 0;
	const at = now();
	const open = db
		.select()
		.from(reports)
		.where(
			and(isNotNull(reports.dueAt), inArray(reports.status, ['accepted', 'assigned', 'in_progress', 'transferred']))
		)
		.all();
	for (const r of open) {
		const due = dueText(r);
		const params = (l: Locale) => ({
			code: r.code,
			category: category(r.category, l),
			due,
			link: `/admin/reports/${r.code}`
		});
		db.transaction((tx) => {
			if (deadline.isDueWithinDay(r, at) && r.departmentCode)
				for (const u of staffOf(tx, r.departmentCode))
					n += notifyUser(tx, u, 'staff.due_soon', params, {
						dedupeKey: `report:${r.code}:due:${r.dueAt!.getTime()}:${u}`
					});
			if (deadline.isOverdue(r, at)) {
				const to = [...(r.departmentCode ? staffOf(tx, r.departmentCode) : []), ...admins(tx)];
				for (const u of new Set(to))
					n += notifyUser(
						tx,
						u,
						'staff.overdue',
						(l) => ({ ...params(l), department: department(r.departmentCode, l) }),
						{ dedupeKey: `report:${r.code}:overdue:${r.dueAt!.getTime()}:${u}` }
					);
			}
		});
	}
	return n;
}
