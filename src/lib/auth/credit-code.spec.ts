import { describe, it, expect } from 'vitest';
import { isValidCreditCode, creditCodeCheckChar } from './credit-code';

describe('统一社会信用代码 (GB 32100-2015)', () => {
	it('accepts published examples', () => {
		// widely published sample codes with correct check characters
		expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
		expect(isValidCreditCode('91110000600037341L')).toBe(true);
		expect(isValidCreditCode(' 9135 0100-M000100Y43 ')).toBe(true);
		expect(isValidCreditCode('91350100m000100y43')).toBe(true);
	});
	it('refuses a wrong check character, a wrong length and forbidden letters', () => {
		expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
		expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
		expect(isValidCreditCode('91350100M000100YI3')).toBe(false);
		expect(isValidCreditCode('')).toBe(false);
	});
	it('computes the check character', () => {
		expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
		expect(creditCodeCheckChar('9135010OM000100Y4')).toBeNull();
	});
});
