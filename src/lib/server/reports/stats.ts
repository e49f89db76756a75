/**
 * Indicator 52 (办结率) and its companions, computed from the records. A report belongs to the
 * period in which it was accepted (district days, both ends inclusive). Resolved ÷ accepted: a
 * reopened report counts as unresolved until resolved again (its status says so); a transferred
 * one stays in; duplicates and demo records are left out; a rejected report was never accepted
 * work and is left out only if it was rejected before acceptance (acceptedAt null).
 */
import { and, gte, lt, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { reports } from './schema';

type Report = typeof reports.$inferSelect;
import { startOfDistrictDay, addDays } from '../../time/zone';

export interface Figures {
	accepted: number;
	resolved: number;
	resolutionRate: number | null;
	medianHoursToAccept: number | null;
	p90HoursToAccept: number | null;
	medianHoursToResolve: number | null;
	p90HoursToResolve: number | null;
	withinDeadlineRate: number | null;
}

function pct(xs: number[], p: number): number | null {
	if (!xs.length) return null;
	const s = [...xs].sort((a, b) => a - b);
	// nearest-rank percentile
	const rank = Math.max(1, Math.ceil(p * s.length));
	return Math.round(s[rank - 1] * 10) / 10;
}

export function figures(rows: Report[]): Figures {
	const resolved = rows.filter((r) => r.status === 'resolved' && r.resolvedAt);
	const toAccept = rows.map((r) => (r.acceptedAt!.getTime() - r.createdAt.getTime()) / 3600000);
	const toResolve = resolved.map((r) => (r.resolvedAt!.getTime() - r.acceptedAt!.getTime()) / 3600000);
	const onTime = resolved.filter((r) => r.dueAt && r.resolvedAt!.getTime() <= r.dueAt.getTime()).length;
	return {
		accepted: rows.length,
		resolved: resolved.length,
		resolutionRate: rows.length ? Math.round((resolved.length / rows.length) * 10000) / 10000 : null,
		medianHoursToAccept: pct(toAccept, 0.5),
		p90HoursToAccept: pct(toAccept, 0.9),
		medianHoursToResolve: pct(toResolve, 0.5),
		p90HoursToResolve: pct(toResolve, 0.9),
		withinDeadlineRate: resolved.length ? Math.round((onTime / resolved.length) * 10000) / 10000 : null
	};
}

export function stats(db: Executor, from: string, to: string) {
	const rows = db
		.select()
		.from(reports)
		.where(
			and(
				isNotNull(reports.acceptedAt),
				gte(reports.acceptedAt, startOfDistrictDay(from)),
				lt(reports.acceptedAt, startOfDistrictDay(addDays(to, 1))),
				eq(reports.isDemo, false)
			)
		)
		.all()
		.filter((r) => r.status !== 'duplicate');
	const group = (key: (r: Report) => string) => {
		const m = new Map<string, Report[]>();
		for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
		return [...m].sort(([a], [b]) => a.localeCompare(b)).map(([code, rs]) => ({ code, ...figures(rs) }));
	};
	return {
		from,
		to,
		...figures(rows),
		byDepartment: group((r) => r.departmentCode ?? 'triage'),
		byCategory: group((r) => r.category),
		byZone: group((r) => r.zoneCode ?? `town:${r.townCode}`)
	};
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Query dates: both optional (default: the last 12 months up to today, district days). */
export function period(
	fromRaw: string | null,
	toRaw: string | null,
	today: string
): { from: string; to: string } | null {
	const to = toRaw || today;
	// `to` is checked before the default `from` is computed from it (a malformed `to` was a 500)
	if (!DAY_RE.test(to) || Number.isNaN(Date.parse(to))) return null;
	const from = fromRaw || addDays(to, -364);
	if (
		!DAY_RE.test(from) ||
		!DAY_RE.test(to) ||
		Number.isNaN(Date.parse(from)) ||
		Number.isNaN(Date.parse(to)) ||
		from > to
	)
		return null;
	return { from, to };
}
