import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { formValues, parseForm } from './forms';

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
