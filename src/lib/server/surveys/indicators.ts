/**
 * Indicators 54–56 from a perception survey: per indicator n, count, rate with its Wilson 95%
 * interval, the rate post-stratified to town populations with Kish's design effect and effective
 * n, the target and a status. Indicator 55 is also given per respondent group and combined with
 * the survey's declared group weights. Sample (demo) responses never count; responses with quality
 * flags (too fast, failed attention check, straight-lining, repeat from one device) are left out.
 */
import type { Executor } from '../db';
import type { Answers, IndicatorMapping } from './definition';
import { bySlug, completed, currentPerception, populationTable, type Response, type Survey } from './service';
import { kish, postStratify, speeders, status, wilson, type IndicatorStatus } from './stats';
import { TARGETS } from './template';
import codes from '../reference/codes.json';

/**
 * Flags that keep a response out of the indicators automatically: only a failed attention check,
 * which is direct evidence. Other flags (speed, straight-lining, repeat device, address burst) are
 * shown and counted, and the response stays in the figures: dropping honest answers biases them.
 */
export const EXCLUDING_FLAGS = ['attention'] as const;
/** flags shown to staff for review; they do not exclude by themselves */
export const REVIEW_FLAGS = ['speed', 'straightline', 'device_repeat', 'ip_burst'] as const;
/** smallest cell shown in a breakdown */
export const MIN_CELL = 10;

export interface IndicatorFigure {
	no: 54 | 55 | 56;
	n: number;
	count: number;
	rate: number | null;
	ciLow: number | null;
	ciHigh: number | null;
	weightedRate: number | null;
	deff: number | null;
	effectiveN: number | null;
	target: number;
	status: IndicatorStatus;
}
export interface PerceptionReport {
	survey: string;
	satisfactionCountsBasic: boolean;
	indicators: IndicatorFigure[];
}
export interface GroupFigure {
	group: string;
	weight: number;
	n: number;
	/** null when the cell is suppressed (n < 10) */
	count: number | null;
	rate: number | null;
	ciLow: number | null;
	ciHigh: number | null;
	weightedRate: number | null;
}
export interface PerceptionDetail {
	report: PerceptionReport;
	survey: Survey;
	mapping: IndicatorMapping[];
	groups: GroupFigure[];
	missingTowns: string[];
	populationIsSample: boolean;
	responses: number;
	excluded: Record<string, number>;
	reviewFlagged: number;
	/** responses carrying each review flag (kept in the figures) */
	flagged: Record<string, number>;
	/** responses with speed, straight-lining or a repeat device flag, kept in the figures */
	flaggedResponses: number;
}

const r6 = (x: number | null) => (x == null ? null : Math.round(x * 1e6) / 1e6);
const r4 = (x: number | null) => (x == null ? null : Math.round(x * 1e4) / 1e4);
const r2 = (x: number | null) => (x == null ? null : Math.round(x * 100) / 100);

/** Which flags apply to each response, speed judged against the median of these responses. */
export function flagsOf(rs: Response[]): string[][] {
	const durations = rs.map((r) =>
		r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null
	);
	const fast = speeders(durations);
	return rs.map((r, i) => (fast.has(i) ? [...r.flags, 'speed'] : r.flags));
}

function answered(a: Answers, code: string): boolean {
	const v = a[code];
	return v != null && (!Array.isArray(v) || v.length > 0);
}
function counts(a: Answers, m: IndicatorMapping, basic: boolean): boolean {
	const v = a[m.question];
	const yes = basic && m.basic ? [...m.anyOf, m.basic] : m.anyOf;
	return Array.isArray(v) ? v.some((x) => yes.includes(x)) : typeof v === 'string' && yes.includes(v);
}

function figure(no: 54 | 55 | 56, yes: boolean[], weights: number[], weightedRate: number | null): IndicatorFigure {
	const n = yes.length;
	const count = yes.filter(Boolean).length;
	const rate = n ? count / n : null;
	const ci = wilson(count, n);
	const k = kish(weights.filter((w) => w > 0));
	const target = TARGETS[no];
	return {
		no,
		n,
		count,
		rate: r6(rate),
		ciLow: r6(ci?.low ?? null),
		ciHigh: r6(ci?.high ?? null),
		weightedRate: r6(weightedRate),
		deff: n && weightedRate != null ? r4(k.deff) : null,
		effectiveN: n && weightedRate != null ? r2(k.effectiveN) : null,
		target,
		status: status(rate, ci?.low ?? null, target)
	};
}

function wRate(weights: number[], yes: boolean[]): number | null {
	let s = 0;
	let sy = 0;
	weights.forEach((w, i) => {
		if (w > 0) {
			s += w;
			if (yes[i]) sy += w;
		}
	});
	return s > 0 ? sy / s : null;
}

export function perceptionDetail(db: Executor, slug?: string): PerceptionDetail | null {
	const survey = slug ? bySlug(db, slug) : currentPerception(db);
	if (!survey || !survey.mapping || survey.status === 'draft') return null;
	const mapping = survey.mapping;
	const all = completed(db, survey.id).filter((r) => r.source !== 'sample');
	const flags = flagsOf(all);
	const excluded: Record<string, number> = {};
	const kept: Response[] = [];
	let reviewFlagged = 0;
	const flagged: Record<string, number> = {};
	let flaggedResponses = 0;
	all.forEach((r, i) => {
		const ex = flags[i].filter((f) => (EXCLUDING_FLAGS as readonly string[]).includes(f));
		for (const f of ex) excluded[f] = (excluded[f] ?? 0) + 1;
		if (flags[i].includes('ip_burst')) reviewFlagged++;
		for (const f of flags[i].filter((f) => (REVIEW_FLAGS as readonly string[]).includes(f)))
			flagged[f] = (flagged[f] ?? 0) + 1;
		if (!ex.length && flags[i].some((f) => f === 'speed' || f === 'straightline' || f === 'device_repeat'))
			flaggedResponses++;
		if (!ex.length) kept.push(r);
	});
	const popRows = populationTable(db);
	const population = Object.fromEntries(popRows.map((p) => [p.town, p.population]));
	const basic = survey.satisfactionCountsBasic;
	const townOf = (r: Response) =>
		typeof r.answers[mapping.town] === 'string' ? (r.answers[mapping.town] as string) : null;
	const groupOf = (r: Response) =>
		typeof r.answers[mapping.group] === 'string' ? (r.answers[mapping.group] as string) : null;
	const missing = new Set<string>();
	const indicators: IndicatorFigure[] = [];
	let groups: GroupFigure[] = [];
	for (const m of mapping.indicators) {
		const valid = kept.filter((r) => answered(r.answers, m.question));
		const yes = valid.map((r) => counts(r.answers, m, basic));
		if (m.no !== 55) {
			const ps = postStratify(valid.map(townOf), population);
			if (valid.length) ps.missingTowns.forEach((t) => missing.add(t));
			indicators.push(figure(m.no, yes, ps.weights, wRate(ps.weights, yes)));
			continue;
		}
		// 55: post-stratify within each group, then combine groups with the declared weights
		const declared = survey.groupWeights;
		const final = new Array<number>(valid.length).fill(0);
		const perGroup = codes.respondent_groups.map((g) => {
			const idx = valid.map((r, i) => (groupOf(r) === g.code ? i : -1)).filter((i) => i >= 0);
			const ps = postStratify(
				idx.map((i) => townOf(valid[i])),
				population
			);
			const gy = idx.map((i) => yes[i]);
			const sum = ps.weights.reduce((a, b) => a + b, 0);
			return { g: g.code, idx, ps, gy, sum, weight: declared[g.code] ?? 0 };
		});
		const covered = perGroup.filter((p) => p.sum > 0 && p.weight > 0);
		const W = covered.reduce((a, p) => a + p.weight, 0);
		for (const p of covered) p.idx.forEach((i, j) => (final[i] = (p.weight / W) * (p.ps.weights[j] / p.sum)));
		indicators.push(figure(55, yes, final, W > 0 ? wRate(final, yes) : null));
		groups = perGroup.map((p) => {
			const n = p.idx.length;
			const c = p.gy.filter(Boolean).length;
			const show = n >= MIN_CELL;
			const ci = show ? wilson(c, n) : null;
			return {
				group: p.g,
				weight: p.weight,
				n,
				count: show ? c : null,
				rate: show ? r6(c / n) : null,
				ciLow: r6(ci?.low ?? null),
				ciHigh: r6(ci?.high ?? null),
				weightedRate: show ? r6(wRate(p.ps.weights, p.gy)) : null
			};
		});
	}
	indicators.sort((a, b) => a.no - b.no);
	return {
		report: { survey: survey.slug, satisfactionCountsBasic: basic, indicators },
		survey,
		mapping: mapping.indicators,
		groups,
		missingTowns: [...missing],
		populationIsSample: popRows.some((p) => p.isSample),
		responses: all.length,
		excluded,
		reviewFlagged,
		flagged,
		flaggedResponses
	};
}

/** The API's JSON for a survey (or the current perception survey); null when there is none. */
export function perceptionReport(db: Executor, slug?: string): PerceptionReport | null {
	return perceptionDetail(db, slug)?.report ?? null;
}
