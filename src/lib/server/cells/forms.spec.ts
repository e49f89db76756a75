import { describe, it, expect } from 'vitest';
import { parseForm } from '../forms';
import { objectionForm, sectionAnswers, startForm } from './forms';

function fd(entries: [string, string | File][]) {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('cells forms', () => {
	it('an objection needs a reason of five characters or more, not counting spaces', () => {
		const short = parseForm(
			objectionForm,
			fd([
				['id', '4'],
				['reason', '  太吵了  ']
			]),
			['id', 'reason', 'contact']
		);
		expect(short).toMatchObject({ ok: false, errors: { reason: 'reason_required' }, values: { reason: '  太吵了  ' } });
		const ok = parseForm(
			objectionForm,
			fd([
				['id', '4'],
				['reason', '分类桶常年满溢']
			])
		);
		expect(ok).toMatchObject({ ok: true, data: { id: 4, reason: '分类桶常年满溢', contact: '' } });
	});

	it('a renewal names the application it renews; a fresh start names none', () => {
		const fresh = parseForm(startForm, fd([['type', 'school']]), ['type', 'renewalOf']);
		expect(fresh.ok && fresh.data).toEqual({ type: 'school', renewalOf: undefined });
		const renewal = parseForm(startForm, fd([['renewalOf', '12']]));
		expect(renewal.ok && renewal.data.renewalOf).toBe(12);
	});

	it("a section's answers are split into values and notes by criterion, files left out", () => {
		const f = parseForm(
			objectionForm,
			fd([
				['v_c1', 'yes'],
				['n_c1', '见附件'],
				['f_c1', new File(['x'], 'a.pdf')],
				['v_c2', '3']
			])
		);
		expect(sectionAnswers(f.values)).toEqual({ values: { c1: 'yes', c2: '3' }, notes: { c1: '见附件' } });
	});
});
