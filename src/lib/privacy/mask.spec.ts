import { describe, it, expect } from 'vitest';
import { maskContact } from './mask';

describe('maskContact', () => {
	it('masks mobiles, landlines and emails the way Chinese government sites do', () => {
		expect(maskContact('13812341234')).toBe('138****1234');
		expect(maskContact('138 1234 1234')).toBe('138****1234');
		expect(maskContact('+86 13812341234')).toBe('+86 138****1234');
		expect(maskContact('010-69012345')).toBe('010-****2345');
		expect(maskContact('zhang.san@example.com')).toBe('z***@example.com');
		expect(maskContact('微信 abc')).toBe('微****c');
		expect(maskContact('')).toBe('');
		expect(maskContact(null)).toBe('');
	});
	it('never returns the whole number', () => {
		for (const s of ['13912345678', '01069012345', '0106901234']) expect(maskContact(s)).not.toContain(s.slice(3, 7));
	});
});
