import { describe, it, expect } from 'vitest';
import { parseForm } from '../forms';
import { quizAnswersForm, quizItemsForm } from './forms';

function fd(entries: [string, string][]) {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('quiz forms', () => {
	it('asks about each item once and at most ten', () => {
		const items = ['a', 'b', 'a', ...Array.from({ length: 20 }, (_, i) => `x${i}`)];
		const r = parseForm(quizItemsForm, fd(items.map((s) => ['item', s])), ['item']);
		expect(r.ok && r.data.item).toEqual(['a', 'b', 'x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']);
	});

	it('needs every asked item answered with one of the bins', () => {
		const form = quizAnswersForm(['cup', 'battery']);
		expect(
			parseForm(
				form,
				fd([
					['a-cup', 'recyclable'],
					['a-battery', 'hazardous']
				])
			).ok
		).toBe(true);
		const r = parseForm(
			form,
			fd([
				['a-cup', 'paper'],
				['a-other', 'kitchen']
			]),
			['a-cup', 'a-battery']
		);
		expect(r).toMatchObject({ ok: false, errors: { 'a-cup': 'choose', 'a-battery': 'choose' } });
	});
});
