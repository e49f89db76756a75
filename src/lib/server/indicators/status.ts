/**
 * Where an indicator stands, from its target's kind and direction. Pure: one place, unit-tested.
 *
 * - `met`: the latest figure reaches the target (≥ for floors and rising targets, ≤ for ceilings
 *   and falling ones, within 0.5 % of the value for "keep at").
 * - For a plan still running: `on_track` when the latest figure is at least as far from the 2020
 *   baseline as a straight line from baseline (end of the baseline year) to target (end of the
 *   plan) would have it by the figure's date; otherwise `behind`. A missing baseline ("-") means
 *   the thing did not exist yet, so the line starts at 0 for rates and counts. "Keep" and floor
 *   targets that are not met are `behind` at once.
 * - For a plan whose period has ended: anything not met is `not_met` (its final standing).
 * - Qualitative targets: met when the responsible department records that the target is reached;
 *   `in_progress` until then while the plan runs — no straight line can say "on track" for them.
 * - No figure at all: `no_data`.
 */
export type TargetKind = 'percent' | 'count' | 'ceiling' | 'floor' | 'keep' | 'quantity' | 'qualitative';
export type Direction = 'up' | 'down' | 'keep' | null;
/** `too_few`: a live figure from fewer records than the setting asks for (indicator 52: 样本不足) */
export type Status = 'met' | 'on_track' | 'behind' | 'not_met' | 'in_progress' | 'no_data' | 'too_few';
export const STATUSES: Status[] = ['met', 'on_track', 'behind', 'in_progress', 'not_met', 'too_few', 'no_data'];

export interface Target {
	targetKind: TargetKind;
	targetValue: number | null;
	direction: Direction;
	baselineValue: number | null;
}
export interface Latest {
	value: number | null;
	achieved: boolean | null;
	/** district day YYYY-MM-DD the figure is for */
	asOf: string;
}
export interface Period {
	baselineYear: number;
	periodEnd: string;
	/** district day now */
	today: string;
}

const DAY = 86400000;
const t = (d: string) => Date.parse(d + 'T00:00:00Z');

/** Does `value` reach the target? null when the target is not numeric. */
export function reaches(target: Target, value: number): boolean | null {
	const v = target.targetValue;
	if (v === null || target.targetKind === 'qualitative') return null;
	const eps = 1e-9;
	switch (target.targetKind) {
		case 'ceiling':
			return value <= v + eps;
		case 'floor':
			return value >= v - eps;
		case 'keep':
			return Math.abs(value - v) <= Math.max(eps, Math.abs(v) * 0.005);
		default:
			return target.direction === 'down' ? value <= v + eps : value >= v - eps;
	}
}

/** Share of the way from baseline to target, 0–1 (null when it cannot be said). */
export function progress(target: Target, value: number): number | null {
	const v = target.targetValue;
	if (v === null || target.targetKind === 'qualitative') return null;
	if (reaches(target, value)) return 1;
	if (target.targetKind === 'keep' || target.targetKind === 'floor') return null;
	const b = target.baselineValue ?? (target.direction === 'down' ? null : 0);
	if (b === null || b === v) return null;
	return Math.min(1, Math.max(0, (value - b) / (v - b)));
}

export function status(target: Target, latest: Latest | null, period: Period): Status {
	const ended = period.today > period.periodEnd;
	if (!latest) return 'no_data';
	if (target.targetKind === 'qualitative' || target.targetValue === null) {
		if (latest.achieved === true) return 'met';
		if (latest.achieved === null && latest.value === null && !latest.asOf) return 'no_data';
		return ended ? 'not_met' : 'in_progress';
	}
	if (latest.value === null) return 'no_data';
	if (reaches(target, latest.value)) return 'met';
	if (ended) return 'not_met';
	if (target.targetKind === 'keep' || target.targetKind === 'floor') return 'behind';
	const b = target.baselineValue ?? (target.direction === 'down' ? null : 0);
	if (b === null) return 'behind';
	const start = t(`${period.baselineYear}-12-31`);
	const end = t(period.periodEnd);
	const share = Math.min(1, Math.max(0, (t(latest.asOf) - start) / Math.max(DAY, end - start)));
	const expected = b + (target.targetValue - b) * share;
	const goingDown = target.targetKind === 'ceiling' || target.direction === 'down';
	return (goingDown ? latest.value <= expected + 1e-9 : latest.value >= expected - 1e-9) ? 'on_track' : 'behind';
}
