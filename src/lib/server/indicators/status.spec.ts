import { describe, it, expect } from 'vitest';
import { status, reaches, progress, type Target } from './status';

const running = { baselineYear: 2020, periodEnd: '2025-12-31', today: '2023-06-30' };
const ended = { ...running, today: '2026-11-29' };
const at = (value: number | null, asOf = '2023-06-30', achieved: boolean | null = null) => ({ value, asOf, achieved });

describe('status by target kind', () => {
	it('percentage floor (生活垃圾回收利用率 29.8% → 37.5%): met at the target, on track on the line, behind below it', () => {
		const tg: Target = { targetKind: 'percent', targetValue: 37.5, direction: 'up', baselineValue: 29.8 };
		expect(status(tg, at(37.5), running)).toBe('met');
		expect(status(tg, at(37.49), running)).not.toBe('met');
		// 2023-06-30 is 2.5 of 5 years from end-2020 to end-2025: the line is at ≈33.65
		expect(status(tg, at(33.7), running)).toBe('on_track');
		expect(status(tg, at(33.5), running)).toBe('behind');
		expect(status(tg, at(36), ended)).toBe('not_met');
		expect(status(tg, at(38), ended)).toBe('met');
	});

	it('ceiling (生活垃圾清运量 不超过23万吨): at or under the ceiling is met, over it is not', () => {
		const tg: Target = { targetKind: 'ceiling', targetValue: 23, direction: 'down', baselineValue: 17.97 };
		expect(status(tg, at(23), running)).toBe('met');
		expect(status(tg, at(22.1), ended)).toBe('met');
		expect(status(tg, at(23.01), ended)).toBe('not_met');
	});

	it('falling intensity (4.31 → 0.1646 t/万元) is judged against the straight line down', () => {
		const tg: Target = { targetKind: 'ceiling', targetValue: 0.1646, direction: 'down', baselineValue: 4.31 };
		expect(status(tg, at(2.0), running)).toBe('on_track'); // line ≈ 2.24 half-way
		expect(status(tg, at(2.5), running)).toBe('behind');
		expect(progress(tg, 2.2373)).toBeCloseTo(0.5, 3);
	});

	it('count (细胞 不少于20个)', () => {
		const tg: Target = { targetKind: 'count', targetValue: 20, direction: 'up', baselineValue: 0 };
		expect(status(tg, at(20), running)).toBe('met');
		expect(status(tg, at(19), ended)).toBe('not_met');
		expect(status(tg, at(10), running)).toBe('on_track');
		expect(progress(tg, 5)).toBe(0.25);
	});

	it('"keep at" (保持零填埋处置量; 稳定在61.5kg/亩) is met only at the value', () => {
		const zero: Target = { targetKind: 'keep', targetValue: 0, direction: 'keep', baselineValue: 0 };
		expect(status(zero, at(0), running)).toBe('met');
		expect(status(zero, at(0.1), running)).toBe('behind');
		const steady: Target = { targetKind: 'keep', targetValue: 61.5, direction: 'keep', baselineValue: 61.5 };
		expect(reaches(steady, 61.7)).toBe(true); // within 0.5 %
		expect(reaches(steady, 62)).toBe(false);
	});

	it('floor "保持99%以上": 99 and above is met', () => {
		const tg: Target = { targetKind: 'floor', targetValue: 99, direction: 'keep', baselineValue: 99 };
		expect(status(tg, at(99), ended)).toBe('met');
		expect(status(tg, at(98.9), running)).toBe('behind');
	});

	it("qualitative targets follow the department's own call, and say so", () => {
		const tg: Target = { targetKind: 'qualitative', targetValue: null, direction: null, baselineValue: null };
		expect(status(tg, at(null, '2023-06-30', true), running)).toBe('met');
		expect(status(tg, at(null, '2023-06-30', false), running)).toBe('in_progress');
		expect(status(tg, at(null, '2025-12-31', false), ended)).toBe('not_met');
		expect(progress(tg, 1)).toBeNull();
	});

	it('no figure is no data, whatever the kind', () => {
		const tg: Target = { targetKind: 'percent', targetValue: 80, direction: 'up', baselineValue: null };
		expect(status(tg, null, running)).toBe('no_data');
		expect(status(tg, at(null), running)).toBe('no_data');
	});

	it('a rate with no baseline ("-") starts its line at 0', () => {
		const tg: Target = { targetKind: 'percent', targetValue: 80, direction: 'up', baselineValue: null };
		expect(status(tg, at(41), running)).toBe('on_track');
		expect(status(tg, at(39), running)).toBe('behind');
	});
});
