/**
 * Indicators 54–56 from a perception survey: per indicator n, count, rate with its Wilson 95%
 * interval, the rate post-stratified to town populations with its interval on Kish's effective n,
 * the target and a status. The status is judged on the weighted rate (the unweighted one is shown
 * beside it). Indicator 55 is computed per respondent group and combined with the survey's
 * declared group weights. Sample (demo) responses never count. A failed attention check excludes
 * a response automatically; other flags only mark it for review, and it stays in the figures
 * unless staff exclude it (with a reason, audited: ./review.ts).
 */
import type { Executor } from '../db';
import { allQuestions, visible, type Answers, type Definition, type IndicatorMapping } from './definition';
import { bySlug, completed, currentPerception, populationTable, type Response, type Survey } from './service';
import {
	kish,
	median,
	postStratify,
	speeders,
	status,
	uniformAnswers,
	wilson,
	wilsonEffective,
	SPEED_FRACTION,
	type IndicatorStatus
} from './stats';
import { reviewsOf, type Review } from './review';
import { TARGETS } from './template';
import { RESPONDENT_GROUPS } from '../reference';

/** Flags that keep a response out of the indicators automatically: only a failed attention check, which is direct evidence. */
export const EXCLUDING_FLAGS = ['attention'] as const;
/**
 * Flags that mark a response for staff review; it stays in the figures unless staff exclude it.
 * Inattention needs evidence: `straightline` (a matrix of ≥ 5 rows with a reversed item answered
 * all alike) or `uniform_fast` (identical answers across every matrix, and speeding). Speeding
 * alone (`speed`) is recorded but is not a flag; `device_repeat` and `ip_burst` mark possible repeats.
 */
export const REVIEW_FLAGS = ['straightline', 'uniform_fast', 'device_repeat', 'ip_burst'] as const;
/** smallest cell shown in a breakdown */
export const MIN_CELL = 10;

export interface IndicatorFigure {
	no: 54 | 55 | 56;
	n: number;
	count: number;
	/** unweighted share with its Wilson 95% interval (shown beside the weighted one) */
	rate: number | null;
	ciLow: number | null;
	ciHigh: number | null;
	/** post-stratified share (55: group-weighted) with Wilson's interval on the effective n */
	weightedRate: number | null;
	weightedCiLow: number | null;
	weightedCiHigh: number | null;
	deff: number | null;
	effectiveN: number | null;
	target: number;
	/** which rate the status was judged on: weighted unless no respondent could be weighted */
	statusBasis: 'weighted' | 'unweighted';
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
export interface Quality {
	/** completed, non-sample responses */
	responses: number;
	/** responses left out, by why: `attention` (automatic) or `staff` (excluded with a reason) */
	excluded: Record<string, number>;
	excludedResponses: number;
	/** responses carrying each review flag (kept unless staff excluded them) */
	flagged: Record<string, number>;
	flaggedResponses: number;
	/** median completion time and the speeding threshold (ms); null without timed responses */
	medianMs: number | null;
	speedBelowMs: number | null;
}
export interface PerceptionDetail extends Quality {
	report: PerceptionReport;
	survey: Survey;
	mapping: IndicatorMapping[];
	groups: GroupFigure[];
	missingTowns: string[];
	populationIsSample: boolean;
}

const r6 = (x: number | null) => (x == null ? null : Math.round(x * 1e6) / 1e6);
const r4 = (x: number | null) => (x == null ? null : Math.round(x * 1e4) / 1e4);
const r2 = (x: number | null) => (x == null ? null : Math.round(x * 100) / 100);

const durationOf = (r: Response) =>
	r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null;

/** Every answer to a matrix row the respondent was shown, all matrices together. */
function matrixAnswers(def: Definition, a: Answers): (string | undefined)[] {
	return allQuestions(def)
		.filter((q) => q.type === 'matrix' && visible(def, q, a))
		.flatMap((q) => (q.rows ?? []).map((row) => a[`${q.code}.${row.code}`] as string | undefined));
}

/**
 * Which flags apply to each response: the stored ones, plus `speed` (faster than a third of the
 * median of these responses) and `uniform_fast` (speed with identical answers across every matrix).
 */
export function flagsOf(rs: Response[], def: Definition): string[][] {
	const fast = speeders(rs.map(durationOf));
	return rs.map((r, i) => {
		if (!fast.has(i)) return r.flags;
		return uniformAnswers(matrixAnswers(def, r.answers))
			? [...r.flags, 'speed', 'uniform_fast']
			: [...r.flags, 'speed'];
	});
}

export interface Classified {
	response: Response;
	flags: string[];
	review: Review | null;
	/** why it is out of the figures, or null when it counts */
	excludedBy: 'attention' | 'staff' | null;
	durationMs: number | null;
}

/** The survey's completed, non-sample responses, each with its flags, review and whether it counts. */
export function classify(db: Executor, s: Survey): { items: Classified[]; quality: Quality } {
	const all = completed(db, s.id).filter((r) => r.source !== 'sample');
	const flags = flagsOf(all, s.definition);
	const reviews = reviewsOf(db, s.id);
	const items = all.map((r, i): Classified => {
		const review = reviews.get(r.id) ?? null;
		const auto = flags[i].some((f) => (EXCLUDING_FLAGS as readonly string[]).includes(f));
		return {
			response: r,
			flags: flags[i],
			review,
			excludedBy: auto ? 'attention' : review?.status === 'excluded' ? 'staff' : null,
			durationMs: durationOf(r)
		};
	});
	const excluded: Record<string, number> = {};
	const flagged: Record<string, number> = {};
	let flaggedResponses = 0;
	for (const c of items) {
		if (c.excludedBy) excluded[c.excludedBy] = (excluded[c.excludedBy] ?? 0) + 1;
		const rf = c.flags.filter((f) => (REVIEW_FLAGS as readonly string[]).includes(f));
		for (const f of rf) flagged[f] = (flagged[f] ?? 0) + 1;
		if (rf.length) flaggedResponses++;
	}
	const med = median(items.map((c) => c.durationMs).filter((d): d is number => d != null && d >= 0));
	return {
		items,
		quality: {
			responses: items.length,
			excluded,
			excludedResponses: items.filter((c) => c.excludedBy).length,
			flagged,
			flaggedResponses,
			medianMs: med,
			speedBelowMs: med == null ? null : Math.round(med * SPEED_FRACTION)
		}
	};
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
	const weighted = n > 0 && weightedRate != null;
	const wci = weighted ? wilsonEffective(weightedRate, k.effectiveN) : null;
	const target = TARGETS[no];
	return {
		no,
		n,
		count,
		rate: r6(rate),
		ciLow: r6(ci?.low ?? null),
		ciHigh: r6(ci?.high ?? null),
		weightedRate: r6(weighted ? weightedRate : null),
		weightedCiLow: r6(wci?.low ?? null),
		weightedCiHigh: r6(wci?.high ?? null),
		deff: weighted ? r4(k.deff) : null,
		effectiveN: weighted ? r2(k.effectiveN) : null,
		target,
		statusBasis: weighted ? 'weighted' : 'unweighted',
		status: weighted ? status(weightedRate, wci?.low ?? null, target) : status(rate, ci?.low ?? null, target)
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
	const { items, quality } = classify(db, survey);
	const kept = items.filter((c) => !c.excludedBy).map((c) => c.response);
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
		const perGroup = RESPONDENT_GROUPS.map((g) => {
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
		...quality
	};
}

/** The API's JSON for a survey (or the current perception survey); null when there is none. */
export function perceptionReport(db: Executor, slug?: string): PerceptionReport | null {
	return perceptionDetail(db, slug)?.report ?? null;
}
