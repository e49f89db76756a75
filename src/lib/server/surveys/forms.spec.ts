import { describe, it, expect } from 'vitest';
import { parseForm } from '../forms';
import { invitesForm, newQuestionForm, pageForm, populationForm, questionFrom, settingsForm } from './forms';
import { DEFAULT_LIKERT, type Definition } from './definition';

function fd(entries: [string, string][]) {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('survey forms', () => {
	it('population: blank keeps the figure, spaces and commas are ignored, anything else is refused per town', () => {
		const form = populationForm(['gulou', 'guoyuan', 'xitiangezhuang']);
		const good = parseForm(
			form,
			fd([
				['gulou', '123,456'],
				['guoyuan', ' 7 000 ']
			]),
			['gulou', 'guoyuan', 'xitiangezhuang']
		);
		expect(good).toMatchObject({ ok: true, data: { gulou: 123456, guoyuan: 7000, xitiangezhuang: null } });
		const bad = parseForm(
			form,
			fd([
				['gulou', '12.5'],
				['guoyuan', '5000001']
			]),
			['gulou', 'guoyuan']
		);
		expect(bad).toMatchObject({ ok: false, errors: { gulou: 'number', guoyuan: 'number' } });
	});

	it('a page goes back only when asked to', () => {
		expect(parseForm(pageForm, fd([['dir', 'back']]))).toMatchObject({ ok: true, data: { dir: 'back' } });
		expect(parseForm(pageForm, fd([['dir', 'sideways']]))).toMatchObject({ ok: true, data: { dir: 'next' } });
		expect(parseForm(pageForm, fd([]))).toMatchObject({ ok: true, data: { dir: 'next' } });
	});

	it('weights take a decimal comma and refuse negatives; invitations come 1 to 2000 at a time', () => {
		const form = settingsForm(['resident', 'visitor']);
		expect(
			parseForm(
				form,
				fd([
					['w_resident', '1,5'],
					['basic', 'yes']
				])
			)
		).toMatchObject({
			ok: true,
			data: { basic: true, w_resident: 1.5, w_visitor: 0 }
		});
		expect(parseForm(form, fd([['w_visitor', '-1']]))).toMatchObject({ ok: false, errors: { w_visitor: 'number' } });
		for (const [count, ok] of [
			['1', true],
			['2000', true],
			['0', false],
			['2001', false],
			['1.5', false],
			['', false]
		] as const)
			expect(parseForm(invitesForm, fd([['count', count]]), ['count']).ok).toBe(ok);
	});
});

describe("the builder's new-question form (questionFrom)", () => {
	const def = { sections: [{ code: 's1', zh: '第一部分', en: 'Part one', questions: [] }] } as unknown as Definition;
	const add = (entries: [string, string][]) => {
		const f = parseForm(newQuestionForm, fd(entries));
		if (!f.ok) throw new Error('the form always reads');
		return questionFrom(def, f.data);
	};

	it('a likert question with no options gets the five-point scale, in an existing section, with skip logic', () => {
		const r = add([
			['section', 's1'],
			['code', ' q9 '],
			['type', 'likert'],
			['zh', '满意吗'],
			['en', 'Satisfied?'],
			['required', 'yes'],
			['showIfQuestion', 'q1'],
			['showIfAnswers', 'a，b; c']
		]);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.section).toEqual({ code: 's1', zh: '第一部分', en: 'Part one' });
		expect(r.question).toMatchObject({ code: 'q9', type: 'likert', required: true, options: DEFAULT_LIKERT });
		expect(r.question.showIf).toEqual({ question: 'q1', anyOf: ['a', 'b', 'c'] });
	});

	it('names every problem: an unknown type, an option line without its three parts, a new section without names', () => {
		expect(add([['type', 'essay']])).toEqual({ ok: false, problems: ['bad_type', 'section_missing'] });
		expect(
			add([
				['sectionCode', 's2'],
				['sectionZh', '第二部分'],
				['type', 'single'],
				['options', 'a|甲|A\nb|乙']
			])
		).toEqual({ ok: false, problems: ['bad_option_lines', 'section_missing'] });
	});
});
