/** Shapes dashboard records for pages and the JSON API (plain objects, no rows). */
import type { IndicatorView, TaskView } from './service';
import type { plans } from './schema';
import { DEPARTMENTS } from '../reference';
import { nameIn } from '$lib/text';

type Plan = typeof plans.$inferSelect;

export function plan(p: Plan, today: string) {
	return {
		code: p.code,
		titleZh: p.titleZh,
		titleEn: p.titleEn,
		periodStart: p.periodStart,
		periodEnd: p.periodEnd,
		baselineYear: p.baselineYear,
		targetYear: p.targetYear,
		source: p.source,
		completed: today > p.periodEnd
	};
}

/** The API's indicator object (README "Plan dashboard API"). */
export function apiIndicator(v: IndicatorView) {
	const r = v.row;
	return {
		no: r.no,
		level1: r.level1,
		level2: r.level2,
		name: r.name,
		nameEn: r.nameEn,
		type: r.type,
		nature: r.nature,
		baseline: r.baseline,
		target: r.target,
		targetKind: r.targetKind,
		targetValue: r.targetValue,
		unit: r.unit,
		direction: r.direction,
		responsible: r.responsible,
		latest: v.latest && {
			value: v.latest.value ?? v.latest.valueText,
			date: v.latest.date,
			source: v.latest.live ? `computed from ${v.latest.records} records on ${v.latest.date}` : v.latest.source,
			live: v.latest.live,
			...(v.latest.live ? { records: v.latest.records, from: v.latest.from, to: v.latest.to } : {}),
			...(v.latest.ciLow != null ? { ciLow: v.latest.ciLow, ciHigh: v.latest.ciHigh } : {}),
			...(v.latest.survey ? { survey: v.latest.survey } : {})
		},
		status: v.status
	};
}

/** For pages: everything a row shows, in plain values. */
export function pageIndicator(v: IndicatorView) {
	const r = v.row;
	return {
		no: r.no,
		level1: r.level1,
		level1En: r.level1En,
		level2: r.level2,
		level2En: r.level2En,
		name: r.name,
		nameEn: r.nameEn,
		type: r.type,
		nature: r.nature,
		baseline: r.baseline,
		baselineValue: r.baselineValue,
		target: r.target,
		targetKind: r.targetKind,
		targetValue: r.targetValue,
		unit: r.unit,
		direction: r.direction,
		responsible: r.responsible,
		note: r.note,
		live: r.live,
		latest: v.latest,
		status: v.status,
		progress: v.progress,
		history: v.history
	};
}
export type PageIndicator = ReturnType<typeof pageIndicator>;

export function pageTask(t: TaskView) {
	return {
		no: t.row.no,
		theme: t.row.theme,
		task: t.row.task,
		focus: t.row.focus,
		subfocus: t.row.subfocus,
		content: t.row.content,
		lead: t.row.lead,
		responsible: t.row.responsible,
		deadline: t.row.deadline,
		dueDay: t.row.dueDay,
		status: t.status,
		overdue: t.overdue,
		note: t.current?.note ?? null,
		noteDay: t.current?.day ?? null
	};
}

/** Department code → name in the visitor's language (groups are named by the page). */
export function departmentNames(en: boolean): Record<string, string> {
	return Object.fromEntries(DEPARTMENTS.map((d) => [d.code, nameIn(d, en)]));
}
