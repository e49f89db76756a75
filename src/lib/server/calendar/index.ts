/**
 * Working days in the district: Monday–Friday, except official holidays, plus 调休 make-up
 * working days. Every deadline computed in working days goes through here.
 */
import { gte, lte, and } from 'drizzle-orm';
import type { Executor } from '../db';
import { holidays } from './schema';
import { addDays, districtDay } from '../../time/zone';

type DayKind = 'holiday' | 'workday';

function weekday(day: string): number {
	return new Date(`${day}T00:00:00Z`).getUTCDay();
}

function exceptions(db: Executor, from: string, to: string): Map<string, DayKind> {
	const rows = db
		.select({ day: holidays.day, kind: holidays.kind })
		.from(holidays)
		.where(and(gte(holidays.day, from), lte(holidays.day, to)))
		.all();
	return new Map(rows.map((r) => [r.day, r.kind]));
}

function working(day: string, ex: Map<string, DayKind>): boolean {
	const k = ex.get(day);
	if (k === 'holiday') return false;
	if (k === 'workday') return true;
	const w = weekday(day);
	return w !== 0 && w !== 6;
}

export function isWorkingDay(db: Executor, day: string): boolean {
	return working(day, exceptions(db, day, day));
}

/**
 * The district day that is `n` working days after `start` (an instant), counting from the next
 * day: addWorkingDays(db, friday, 1) is the following Monday unless that is a holiday.
 */
export function addWorkingDays(db: Executor, start: Date, n: number): string {
	const first = districtDay(start);
	// holidays never run longer than ~9 days, so 3n+30 calendar days always suffice
	const ex = exceptions(db, first, addDays(first, n * 3 + 30));
	let day = first;
	let left = n;
	while (left > 0) {
		day = addDays(day, 1);
		if (working(day, ex)) left--;
	}
	return day;
}

/** Working days strictly after `fromDay` up to and including `toDay`. */
export function workingDaysBetween(db: Executor, fromDay: string, toDay: string): number {
	if (toDay <= fromDay) return 0;
	const ex = exceptions(db, fromDay, toDay);
	let n = 0;
	for (let d = addDays(fromDay, 1); d <= toDay; d = addDays(d, 1)) if (working(d, ex)) n++;
	return n;
}

/** The calendar's kind of each district day in [from, to]: 'holiday', 'workday' (调休) or absent. */
export function dayKinds(db: Executor, from: string, to: string): Map<string, DayKind> {
	return exceptions(db, from, to);
}
