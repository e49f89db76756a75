/**
 * Report deadlines as instants (`reports.due_at`). Urgent reports get 24 clock hours from
 * acceptance, as 12345 does for urgent cases; others the per-category setting, in clock hours or in
 * working days on the district's holiday calendar (ending 23:59:59 Asia/Shanghai of the last one).
 * "Due within a day", overdue, extensions and Open311's expected_datetime all read the same instant.
 */
import type { Executor } from '../db';
import { addWorkingDays } from '../calendar';
import { config } from '../config';
import { districtDay, startOfDistrictDay, addDays } from '../../time/zone';

const HOUR = 3600000;
export const URGENT_HOURS = 24;
const CLOSED = ['resolved', 'rejected', 'duplicate'];

/** Urgent: a full bin (`overflow`), waste in the reservoir zone, or anything in the first-level zone. */
export function isUrgent(r: { category: string; zoneKind: string }): boolean {
	return r.category === 'overflow' || r.category === 'reservoir_zone' || r.zoneKind === 'reservoir_1';
}

/** The end of a district day: 23:59:59.000 Asia/Shanghai. */
export function endOfDistrictDay(day: string): Date {
	return new Date(startOfDistrictDay(addDays(day, 1)).getTime() - 1000);
}

/** When a report accepted at `acceptedAt` must be resolved. */
export function dueAtFor(db: Executor, r: { category: string; zoneKind: string }, acceptedAt: Date): Date {
	if (isUrgent(r)) return new Date(acceptedAt.getTime() + URGENT_HOURS * HOUR);
	const d = config.reportDeadlines;
	const rule = d[r.category] ?? d['*'] ?? { n: 7, unit: 'wd' as const };
	if (rule.unit === 'h') return new Date(acceptedAt.getTime() + rule.n * HOUR);
	return endOfDistrictDay(addWorkingDays(db, acceptedAt, rule.n));
}

/** An approved extension of `days` working days: the same time of day, that many working days later. */
export function extendDueAt(db: Executor, dueAt: Date, days: number): Date {
	const day = districtDay(dueAt);
	const later = addWorkingDays(db, dueAt, days);
	return new Date(dueAt.getTime() + (Date.parse(`${later}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)));
}

type Due = { dueAt: Date | null; status: string };

export function isOverdue(r: Due, at: Date): boolean {
	return !!r.dueAt && !CLOSED.includes(r.status) && at.getTime() > r.dueAt.getTime();
}

/** Open, not yet overdue, and due within the next 24 hours. */
export function isDueWithinDay(r: Due, at: Date): boolean {
	return !!r.dueAt && !CLOSED.includes(r.status) && !isOverdue(r, at) && r.dueAt.getTime() - at.getTime() <= 24 * HOUR;
}

/** A deadline as people read it, in district time: "2026-10-08 23:59". */
export function dueLabel(d: Date): string {
	const s = new Date(d.getTime() + 8 * HOUR).toISOString();
	return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}
