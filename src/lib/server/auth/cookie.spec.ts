import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import { within } from '../http/scope';
import { sessionCookieName, sessionCookieOptions } from './cookie';
import { elevateSession, startSession } from './login-flow';
import { validateSessionToken } from './session';

/** The cookie jar of one response, as SvelteKit's `cookies` records it (no database here). */
class Jar {
	set = new Map<string, { value: string; opts: Record<string, unknown> }>();
	deleted: string[] = [];
	cookies = {
		get: (name: string) => this.set.get(name)?.value,
		set: (name: string, value: string, opts: Record<string, unknown>) => void this.set.set(name, { value, opts }),
		delete: (name: string) => void this.deleted.push(name)
	} as unknown as Cookies;
}

describe('the session cookie follows the effective protocol', () => {
	it('https (ORIGIN https, or PROTOCOL_HEADER saying https behind a proxy): Secure and __Host-', () => {
		within(new URL('https://miyun.example/login'), () => {
			expect(sessionCookieName()).toBe('__Host-session');
			expect(sessionCookieOptions(new Date())).toMatchObject({ path: '/', secure: true, httpOnly: true });
			expect(sessionCookieOptions(new Date())).not.toHaveProperty('domain');
		});
	});
	it('plain http: not Secure, no prefix (a browser would refuse a __Host- cookie)', () => {
		within(new URL('http://127.0.0.1:3000/login'), () => {
			expect(sessionCookieName()).toBe('session');
			expect(sessionCookieOptions(new Date()).secure).toBe(false);
		});
	});
	it('outside a request (CLIs, tests) the ORIGIN decides', () => {
		const before = process.env.ORIGIN;
		try {
			process.env.ORIGIN = 'https://miyun.example';
			expect(sessionCookieName()).toBe('__Host-session');
			process.env.ORIGIN = 'http://localhost:3000';
			expect(sessionCookieName()).toBe('session');
		} finally {
			if (before === undefined) delete process.env.ORIGIN;
			else process.env.ORIGIN = before;
		}
	});
});

describe('a new token once the second factor is verified', () => {
	let t: TestDb;
	beforeEach(() => (t = createTestDb()));
	afterEach(() => t.close());

	it('the token issued after the password stops working; the new one is verified', async () => {
		const u = await staff(t.db);
		const jar = new Jar();
		await within(new URL('https://miyun.example/login/2fa'), async () => {
			const first = startSession(t.db, jar.cookies, u.userId, null);
			const before = jar.set.get('__Host-session')!.value;
			expect(validateSessionToken(t.db, before).session?.twoFactorVerified).toBe(false);
			const after = elevateSession(t.db, jar.cookies, first);
			const token = jar.set.get('__Host-session')!.value;
			expect(token).not.toBe(before);
			expect(after.id).not.toBe(first.id);
			expect(jar.set.get('__Host-session')!.opts).toMatchObject({ secure: true, path: '/' });
			expect(validateSessionToken(t.db, before).session).toBeNull();
			expect(validateSessionToken(t.db, token).session?.twoFactorVerified).toBe(true);
		});
	});
});
