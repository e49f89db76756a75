import { describe, it, expect } from 'vitest';
import { checkNewPassword, hashPassword, verifyPassword } from './password';

describe('password rules', () => {
	it('accepts long passphrases with no composition rules', async () => {
		expect(await checkNewPassword('correct horse battery staple')).toBeNull();
		expect(await checkNewPassword('我家门前有两棵枣树一棵是枣树')).toBeNull();
		expect(await checkNewPassword('x'.repeat(10) + 'yz')).toBeNull();
	});
	it('refuses short, overlong, common and patterned passwords', async () => {
		expect(await checkNewPassword('short')).toBe('too_short');
		expect(await checkNewPassword('a'.repeat(257))).toBe('too_long');
		expect(await checkNewPassword('1234567890')).toBe('common');
		expect(await checkNewPassword('woaini1314')).toBe('common');
		expect(await checkNewPassword('Password123')).toBe('common');
		expect(await checkNewPassword('qwertyuiop')).toBe('common');
		expect(await checkNewPassword('aaaaaaaaaaaa')).toBe('common');
		expect(await checkNewPassword('abcdefghijk')).toBe('common');
		expect(await checkNewPassword('9876543210')).toBe('common');
	});
	it('refuses a password containing the email name', async () => {
		expect(await checkNewPassword('zhangwei-is-me-2026', 'zhangwei@example.com')).toBe('contains_email');
	});
	it('hashes with argon2id and verifies', async () => {
		const h = await hashPassword('correct horse battery staple');
		expect(h.startsWith('$argon2id$')).toBe(true);
		expect(await verifyPassword(h, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(h, 'correct horse battery stapler')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});
});
