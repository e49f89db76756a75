import { describe, it, expect } from 'vitest';
import { parseForm } from '../forms';
import { newItemForm, NEW_ITEM_FIELDS, quizAnswersForm, quizItemsForm } from './forms';

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

describe('new item form', () => {
	it('splits names on Chinese and Western separators and reads one checked material as a list', () => {
		const r = parseForm(
			newItemForm,
			fd([
				['zh', '奶茶杯'],
				['synonyms', '塑料杯，饮料杯、 奶茶杯盖'],
				['en', 'bubble tea cup; milk tea cup'],
				['category', 'other'],
				['instructionsZh', '倒空后投放'],
				['instructionsEn', 'Empty it first'],
				['materials', 'plastic']
			]),
			NEW_ITEM_FIELDS
		);
		expect(r).toMatchObject({
			ok: true,
			data: {
				synonyms: ['塑料杯', '饮料杯', '奶茶杯盖'],
				en: ['bubble tea cup', 'milk tea cup'],
				materials: ['plastic']
			}
		});
	});

	it('needs an English name and known materials', () => {
		const r = parseForm(
			newItemForm,
			fd([
				['zh', '奶茶杯'],
				['en', ' , '],
				['materials', 'unobtainium']
			]),
			NEW_ITEM_FIELDS
		);
		expect(r).toMatchObject({ ok: false, errors: { en: 'required', materials: 'choose', category: 'choose' } });
	});
});
