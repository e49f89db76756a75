/** Browser-safe formatting for plan indicators: values with units, targets, statuses. */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { numberFormat } from '$lib/time/zone';

const UNIT_EN: Record<string, () => string> = {
	't/万元': m.ind_unit_t_per_10k_yuan,
	万吨: m.ind_unit_10k_tonnes,
	'kg/亩': m.ind_unit_kg_per_mu,
	亿元: m.ind_unit_100m_yuan,
	种: m.ind_unit_kinds
};

export function unit(u: string | null): string {
	if (!u) return '';
	if (u === '%') return '%';
	// a count needs no unit word in English ("20"), and 个 in Chinese ("20 个")
	if (u === '个') return getLocale() === 'en' ? '' : u;
	return UNIT_EN[u]?.() ?? u;
}

export function num(v: number): string {
	return numberFormat(getLocale() === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: 4 }).format(v);
}

/** "36.2%", "17.97 万吨", "20 个" */
export function value(v: number | null, u: string | null): string {
	if (v === null) return '—';
	const un = unit(u);
	if (!un) return num(v);
	return u === '%' ? `${num(v)}%` : `${num(v)} ${un}`;
}

export interface TargetLike {
	target: string;
	targetKind: string;
	targetValue: number | null;
	unit: string | null;
}

/** The target in the visitor's language: as written in Chinese; spelled out in English. */
export function target(i: TargetLike): string {
	if (getLocale() !== 'en') return i.target;
	const v = value(i.targetValue, i.unit);
	switch (i.targetKind) {
		case 'ceiling':
			return m.ind_target_ceiling({ value: v });
		case 'keep':
			return m.ind_target_keep({ value: v });
		case 'qualitative':
			return m.ind_target_qualitative();
		default:
			return m.ind_target_floor({ value: v });
	}
}

export function baseline(b: string, bv: number | null, u: string | null): string {
	if (getLocale() !== 'en') return b === '-' ? '—' : b;
	if (bv !== null) return value(bv, u);
	return b === '-' || b === '0' ? (b === '0' ? '0' : '—') : m.ind_baseline_as_written();
}

const STATUS: Record<string, () => string> = {
	met: m.ind_status_met,
	on_track: m.ind_status_on_track,
	behind: m.ind_status_behind,
	not_met: m.ind_status_not_met,
	in_progress: m.ind_status_in_progress,
	no_data: m.ind_status_no_data,
	too_few: m.ind_status_too_few
};
export const statusLabel = (s: string) => STATUS[s]?.() ?? s;

const TASK: Record<string, () => string> = {
	not_reported: m.task_status_not_reported,
	not_started: m.task_status_not_started,
	in_progress: m.task_status_in_progress,
	done: m.task_status_done,
	delayed: m.task_status_delayed
};
export const taskStatusLabel = (s: string) => TASK[s]?.() ?? s;

const GROUP: Record<string, () => string> = {
	towns_concerned: m.dept_group_towns_concerned,
	all_towns: m.dept_group_all_towns,
	departments_concerned: m.dept_group_departments_concerned,
	survey: m.dept_group_survey
};
/** A department or group code → its name, given the reference names. */
export function deptName(code: string, names: Record<string, string>): string {
	return names[code] ?? GROUP[code]?.() ?? code;
}

/** 必选 / 可选 / 自选 as the plan writes them → the visitor's words */
export function typeLabel(type: string): string {
	return type === '必选' ? m.ind_type_required() : type === '可选' ? m.ind_type_optional() : m.ind_type_own();
}
/** 约束性 / 预期性 → the visitor's words */
export function natureLabel(nature: string): string {
	return nature === '约束性' ? m.ind_nature_binding() : m.ind_nature_expected();
}
/** A task's deadline: its last day, or "ongoing" for 长期 (no due day) */
export function deadlineLabel(dueDay: string | null): string {
	return dueDay ?? m.task_deadline_ongoing();
}
