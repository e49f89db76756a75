import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { checked, formValues, id, many, parseForm, single, text } from './forms';
import { reportForm, REPORT_FIELDS } from './reports/forms';

const schema = z.object({
	name: z.string().trim().min(2, 'too_short_text'),
	kind: z.enum(['a', 'b'], { error: 'choose' }),
	tags: z.array(z.string()).default([])
});

function fd(entries: [string, string | File][]) {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('forms', () => {
	it('keeps text, lists repeated names and leaves files out', () => {
		const f = fd([
			['name', ' Li '],
			['tags', 'x'],
			['tags', 'y'],
			['photo', new File(['1'], 'p.jpg')]
		]);
		expect(formValues(f)).toEqual({ name: ' Li ', tags: ['x', 'y'], photo: '' });
		expect(formValues(f, ['name', 'kind'])).toEqual({ name: ' Li ', kind: '' });
	});

	it('returns typed data when the form is good', () => {
		const r = parseForm(
			schema,
			fd([
				['name', ' Wang '],
				['kind', 'b'],
				['tags', 'x'],
				['tags', 'y']
			])
		);
		expect(r).toEqual({
			ok: true,
			data: { name: 'Wang', kind: 'b', tags: ['x', 'y'] },
			values: { name: ' Wang ', kind: 'b', tags: ['x', 'y'] }
		});
	});

	it('returns the first message key per field and everything typed when it is not', () => {
		const r = parseForm(schema, fd([['name', 'W']]), ['name', 'kind']);
		expect(r).toEqual({
			ok: false,
			values: { name: 'W', kind: '' },
			errors: { name: 'too_short_text', kind: 'choose' }
		});
	});
});

describe('field helpers', () => {
	const s = z.object({ name: text(), tags: many(), ok: checked(), row: id() });

	it('read a repeated single field as its first value and absent fields as empty', () => {
		const r = parseForm(
			s,
			fd([
				['name', 'a'],
				['name', 'b'],
				['ok', 'yes'],
				['row', '12']
			]),
			['name', 'tags', 'ok', 'row']
		);
		expect(r).toMatchObject({ ok: true, data: { name: 'a', tags: [], ok: true, row: 12 } });
	});

	it('turn one value into a list, and refuse nothing a hostile form sends', () => {
		expect(parseForm(s, fd([['tags', 'x']]))).toMatchObject({ ok: true, data: { name: '', tags: ['x'], ok: false } });
		for (const row of ['-1', '1.5', 'abc', '1e400', ''])
			expect(parseForm(s, fd([['row', row]]))).toMatchObject({ ok: true, data: { row: 0 } });
	});
});

describe('the report form', () => {
	it('gives each field its own message key and keeps what was typed', () => {
		const r = parseForm(
			reportForm,
			fd([
				['category', 'nope'],
				['description', '  短  '],
				['contact', 'x'.repeat(101)]
			]),
			REPORT_FIELDS
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors).toEqual({ category: 'choose', description: 'description_short', contact: 'too_long' });
		expect(r.values).toMatchObject({ description: '  短  ', place: '', confirmNew: '' });
	});

	it('takes the first of a repeated description rather than refusing the form as a list', () => {
		const r = parseForm(
			reportForm,
			fd([
				['category', 'illegal_dumping'],
				['description', '路边有人倾倒建筑垃圾'],
				['description', 'x']
			])
		);
		expect(r).toMatchObject({ ok: true, data: { description: '路边有人倾倒建筑垃圾', lat: '' } });
	});
});

describe('single', () => {
	it('reads each field of a shared schema as one value, so a repeated field is never refused as a list', () => {
		const shared = z.object({ email: z.string().email('email'), name: z.string().min(1, 'required') });
		const r = parseForm(
			single(shared),
			fd([
				['email', 'a@example.com'],
				['email', 'b@example.com'],
				['name', '']
			])
		);
		expect(r).toMatchObject({
			ok: false,
			errors: { name: 'required' },
			values: { email: ['a@example.com', 'b@example.com'] }
		});
	});
});
