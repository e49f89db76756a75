import { describe, it, expect } from 'vitest';
import { parseForm } from '../forms';
import { contactForm, registerForm, REGISTER_FIELDS } from './forms';

function fd(entries: [string, string][]) {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('account forms', () => {
	it('a phone field left out of the form is not an empty phone', () => {
		const without = parseForm(contactForm, fd([['contact_email', 'a@example.com']]));
		expect(without.ok && without.data.contact_phone).toBeUndefined();
		const emptied = parseForm(
			contactForm,
			fd([
				['contact_email', 'a@example.com'],
				['contact_phone', '']
			])
		);
		expect(emptied.ok && emptied.data.contact_phone).toBe('');
	});

	it('registration reads a repeated field as its first value and gives each field its own key', () => {
		const r = parseForm(
			registerForm,
			fd([
				['orgName', '密云区示范饭店'],
				['orgName', 'x'],
				['email', 'not-an-address'],
				['creditCode', '123']
			]),
			REGISTER_FIELDS
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors).toMatchObject({ email: 'email', creditCode: 'credit_length', orgType: 'choose', town: 'choose' });
		expect(r.errors.orgName).toBeUndefined();
	});
});
