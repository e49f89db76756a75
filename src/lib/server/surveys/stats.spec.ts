import { describe, it, expect } from 'vitest';
import {
	wilson,
	wilsonEffective,
	kish,
	postStratify,
	sampleSize,
	speeders,
	straightLined,
	status,
	uniformAnswers,
	weightedRate
} from './stats';

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-4);

describe('Wilson interval', () => {
	it('81/100 → 0.7222–0.8749', () => {
		const w = wilson(81, 100)!;
		close(w.low, 0.7222);
		close(w.high, 0.8749);
	});
	it('0/10 → 0–0.2775', () => {
		const w = wilson(0, 10)!;
		close(w.low, 0);
		close(w.high, 0.2775);
	});
	it('10/10 → 0.7225–1', () => {
		const w = wilson(10, 10)!;
		close(w.low, 0.7225);
		close(w.high, 1);
	});
	it('no respondents: no interval', () => expect(wilson(0, 0)).toBeNull());
});

describe('Kish design effect', () => {
	it('500 weights of 1 and 500 of 2 → deff 1.1111, effective n 900', () => {
		const k = kish([...Array(500).fill(1), ...Array(500).fill(2)]);
		close(k.deff, 1.1111);
		close(k.effectiveN, 900);
	});
	it('equal weights → 1 and n', () => {
		const k = kish(Array(10).fill(3));
		close(k.deff, 1);
		close(k.effectiveN, 10);
	});
});

describe('post-stratification', () => {
	const pop = { a: 1000, b: 3000, c: 6000 };
	it('weights sum to each town total', () => {
		const towns = ['a', 'a', 'b', 'b', 'b', 'b', 'c', 'c'];
		const r = postStratify(towns, pop);
		const sum = (t: string) => r.weights.filter((_, i) => towns[i] === t).reduce((x, y) => x + y, 0);
		close(sum('a'), 1000);
		close(sum('b'), 3000);
		close(sum('c'), 6000);
		expect(r.missingTowns).toEqual([]);
	});
	it('a town with no respondents is reported and its share redistributed', () => {
		const towns = ['a', 'b', 'b', null];
		const r = postStratify(towns, pop);
		expect(r.missingTowns).toEqual(['c']);
		expect(r.unweighted).toBe(1);
		close(r.scale, 10000 / 4000);
		close(
			r.weights.reduce((x, y) => x + y, 0),
			10000
		);
		// covered towns keep their relative shares: a 1/4, b 3/4
		close(r.weights[0] / 10000, 0.25);
		close(weightedRate(r.weights, [true, false, false, true])!, 0.25);
	});
});

describe('sample size', () => {
	it('0.5, ±3% → 1068; × deff 1.5 → 1602', () => {
		expect(sampleSize({ margin: 0.03 }).n).toBe(1068);
		expect(sampleSize({ margin: 0.03, deff: 1.5 }).n).toBe(1602);
	});
	it('finite-population correction is optional and stated', () => {
		const r = sampleSize({ margin: 0.03, population: 526000 });
		expect(r.fpc).toBe(true);
		expect(r.n).toBe(1066);
		expect(sampleSize({ margin: 0.03, population: 2000 }).n).toBe(697);
	});
});

describe('quality flags', () => {
	it('faster than a third of the median', () => {
		// median 590 s: under 196.7 s flagged
		const s = speeders([600_000, 590_000, 610_000, 150_000, 200_000, null]);
		expect([...s]).toEqual([3]);
	});
	it('straight-lining is flagged only on evidence: ≥ 5 rows, one reversed, all the same (issue 18)', () => {
		expect(straightLined(['4', '4', '4', '4', '4'], true)).toBe(true);
		// the three-row satisfaction table all 满意: honest, not flagged
		expect(straightLined(['4', '4', '4'], true)).toBe(false);
		expect(straightLined(['4', '4', '4', '4', '4'], false)).toBe(false); // no reversed item
		expect(straightLined(['4', '4', '3', '4', '4'], true)).toBe(false);
		expect(straightLined(['4', '4', '4', '4', undefined], true)).toBe(false);
	});
});

describe('status', () => {
	it('significantly met, met, not met, no data', () => {
		expect(status(0.95, 0.91, 0.9)).toBe('significantly_met');
		expect(status(0.92, 0.85, 0.9)).toBe('met');
		expect(status(0.8, 0.7, 0.9)).toBe('not_met');
		expect(status(null, null, 0.9)).toBe('no_data');
	});
});

describe('issue 18: evidence and weighted intervals', () => {
	it('identical answers across the matrices: at least 3, all given, all alike', () => {
		expect(uniformAnswers(['4', '4', '4'])).toBe(true);
		expect(uniformAnswers(['4', '4'])).toBe(false);
		expect(uniformAnswers(['4', '4', '3'])).toBe(false);
		expect(uniformAnswers(['4', '4', undefined])).toBe(false);
	});
	it("Wilson on Kish's effective n: p 0.825, n_eff 16 → 0.583440 – 0.940715; none without n_eff", () => {
		const ci = wilsonEffective(0.825, 16)!;
		expect(ci.low).toBeCloseTo(0.58344, 5);
		expect(ci.high).toBeCloseTo(0.940715, 5);
		expect(wilsonEffective(null, 16)).toBeNull();
		expect(wilsonEffective(0.5, 0)).toBeNull();
	});
});
