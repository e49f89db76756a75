import { describe, it, expect } from 'vitest';
import { parseForm } from '../forms';
import { invitesForm, pageForm, populationForm, settingsForm } from './forms';

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
