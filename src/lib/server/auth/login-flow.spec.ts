import { describe, it, expect } from 'vitest';
import { safeNext } from './login-flow';

describe('safeNext (no open redirect after sign-in)', () => {
	it('keeps paths on this site', () => {
		expect(safeNext('/admin', '/x')).toBe('/admin');
		expect(safeNext('/en/admin/audit?type=user', '/x')).toBe('/en/admin/audit?type=user');
	});
	it('refuses anything that could leave the site', () => {
		for (const bad of [
			'//evil.com',
			'/\t/evil.com',
			'/\n/evil.com',
			'/\\evil.com',
			'https://evil.com',
			'evil.com',
			'/%09/evil.com'.replace('%09', '\t'),
			'',
			null,
			'/\r\nSet-Cookie: x=1'
		]) {
			expect(safeNext(bad, '/fallback'), JSON.stringify(bad)).toBe('/fallback');
		}
	});
});
