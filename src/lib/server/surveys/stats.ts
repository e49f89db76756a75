/**
 * The statistics behind indicators 54–56, kept free of the database so they can be checked on
 * known values: Wilson score intervals, post-stratification weights to town populations, Kish's
 * design effect and effective sample size, the sample-size helper, and the quality flags.
 */

/** z for a two-sided 95% interval */
export const Z95 = 1.959963984540054;

/** Wilson score interval for count/n (95% by default). n = 0 gives null. */
export function wilson(count: number, n: number, z = Z95): { low: number; high: number } | null {
	if (n <= 0) return null;
	const p = count / n;
	const z2 = z * z;
	const denom = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denom;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
	return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The interval of a weighted rate: Wilson's score interval with the effective sample size in place
 * of n (p_w with n_eff = (Σw)²/Σw², Kish), 95% by default. null when p or n_eff is missing.
 */
export function wilsonEffective(p: number | null, effectiveN: number, z = Z95): { low: number; high: number } | null {
	if (p == null || !(effectiveN > 0)) return null;
	return wilson(p * effectiveN, effectiveN, z);
}

/** Kish's design effect from unequal weights: n·Σw² / (Σw)², and effective n = (Σw)² / Σw². */
export function kish(weights: number[]): { deff: number; effectiveN: number } {
	const n = weights.length;
	if (n === 0) return { deff: 1, effectiveN: 0 };
	let s = 0;
	let s2 = 0;
	for (const w of weights) {
		s += w;
		s2 += w * w;
	}
	if (s2 === 0) return { deff: 1, effectiveN: 0 };
	return { deff: (n * s2) / (s * s), effectiveN: (s * s) / s2 };
}

export interface PostStratification {
	/** weight per respondent (same order as the input); 0 for respondents outside the weighting */
	weights: number[];
	/** towns with population but no respondent: reported, left out, their share redistributed */
	missingTowns: string[];
	/** respondents whose town has no population figure (left out of the weighting) */
	unweighted: number;
	/** N / N(covered towns): the factor that redistributes the missing towns' share */
	scale: number;
}

/**
 * Post-stratification to town populations: a respondent in town h weighs N_h / n_h, so each
 * covered town's weights sum to its population. Towns without respondents are left out and their
 * population share is redistributed proportionally over the covered towns (every weight × N/N_cov),
 * so the weights sum to the district total.
 */
export function postStratify(
	towns: (string | null | undefined)[],
	population: Record<string, number>
): PostStratification {
	const nByTown = new Map<string, number>();
	for (const t of towns) if (t && (population[t] ?? 0) > 0) nByTown.set(t, (nByTown.get(t) ?? 0) + 1);
	const total = Object.values(population).reduce((a, b) => a + (b > 0 ? b : 0), 0);
	const covered = [...nByTown.keys()].reduce((a, t) => a + population[t], 0);
	const missingTowns = Object.keys(population).filter((t) => population[t] > 0 && !nByTown.has(t));
	const scale = covered > 0 ? total / covered : 0;
	let unweighted = 0;
	const weights = towns.map((t) => {
		if (!t || !nByTown.has(t)) {
			unweighted++;
			return 0;
		}
		return (population[t] / nByTown.get(t)!) * scale;
	});
	return { weights, missingTowns, unweighted, scale };
}

/** Weighted share of `yes` among respondents with a positive weight; null when none. */
export function weightedRate(weights: number[], yes: boolean[]): number | null {
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

/**
 * Respondents needed for a margin of error at 95%: n0 = z²·p(1−p)/e² rounded up (0.5, ±3% →
 * 1068); × design effect, rounded up again (× 1.5 → 1602); with a finite population N the
 * correction n = n/(1 + (n−1)/N), rounded up.
 */
export function sampleSize(opts: {
	margin: number;
	p?: number;
	deff?: number;
	population?: number | null;
	z?: number;
}): { n0: number; withDeff: number; n: number; fpc: boolean } {
	const p = opts.p ?? 0.5;
	const z = opts.z ?? 1.96;
	const n0 = Math.ceil(round9((z * z * p * (1 - p)) / (opts.margin * opts.margin)));
	const withDeff = Math.ceil(round9(n0 * (opts.deff ?? 1)));
	const N = opts.population ?? null;
	if (N && N > 0) return { n0, withDeff, n: Math.ceil(round9(withDeff / (1 + (withDeff - 1) / N))), fpc: true };
	return { n0, withDeff, n: withDeff, fpc: false };
}
const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

export function median(xs: number[]): number | null {
	if (!xs.length) return null;
	const s = [...xs].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Speeding, from the survey's own completion times: faster than one third of the median duration
 * (finished − started) of its completed, non-sample responses. Responses without both times
 * (e.g. imports without `started_at`) are never speeders and do not count towards the median.
 */
export const SPEED_FRACTION = 1 / 3;

/** Indexes of durations faster than one third of the median duration (null durations never flagged). */
export function speeders(durationsMs: (number | null)[]): Set<number> {
	const med = median(durationsMs.filter((d): d is number => d != null && d >= 0));
	const out = new Set<number>();
	if (med == null) return out;
	durationsMs.forEach((d, i) => {
		if (d != null && d < med * SPEED_FRACTION) out.add(i);
	});
	return out;
}

/** Rows a matrix needs before identical answers say anything about attention. */
export const STRAIGHTLINE_MIN_ROWS = 5;

/**
 * Straight-lining as evidence of inattention: a matrix of at least 5 rows, one of them reversed,
 * every row given the same answer. Three rows all 满意 is an honest answer, not a flag.
 */
export function straightLined(rowAnswers: (string | undefined)[], hasReversed: boolean): boolean {
	const given = rowAnswers.filter((a): a is string => !!a);
	return (
		hasReversed &&
		given.length >= STRAIGHTLINE_MIN_ROWS &&
		given.length === rowAnswers.length &&
		given.every((a) => a === given[0])
	);
}

/** Answers to every matrix row a respondent saw, taken together, before "all identical" means anything. */
export const UNIFORM_MIN_ANSWERS = 3;

/**
 * Identical answers across every matrix (all rows of all matrices shown, taken together). Alone it
 * is an honest pattern (satisfied with everything); only together with speeding is it evidence.
 */
export function uniformAnswers(rowAnswers: (string | undefined)[]): boolean {
	const given = rowAnswers.filter((a): a is string => !!a);
	return (
		given.length >= UNIFORM_MIN_ANSWERS && given.length === rowAnswers.length && given.every((a) => a === given[0])
	);
}

export type IndicatorStatus = 'significantly_met' | 'met' | 'not_met' | 'no_data';

/** "met" when the rate reaches the target; "significantly met" when the interval's lower bound does. */
export function status(rate: number | null, ciLow: number | null, target: number): IndicatorStatus {
	if (rate == null) return 'no_data';
	if (ciLow != null && ciLow >= target) return 'significantly_met';
	if (rate >= target) return 'met';
	return 'not_met';
}
