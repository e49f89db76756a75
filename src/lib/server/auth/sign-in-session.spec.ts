import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import { createSession, generateSessionToken, validateSessionToken, SESSION_COOKIE } from './session';
import { startSession, endSession } from './login-flow';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());

/** The cookie jar a route sees, reduced to what sign-in and sign-out use. */
function jar() {
	const set = new Map<string, string>();
	const cookies = {
		set: (name: string, value: string) => void set.set(name, value),
		delete: (name: string) => void set.delete(name),
		get: (name: string) => set.get(name)
	} as unknown as Cookies;
	return { cookies, set };
}

describe('the session around a sign-in', () => {
	it('a sign-in never keeps the session the browser came with: a new token, the old one ended', async () => {
		const u = await staff(t.db);
		const before = generateSessionToken();
		const old = createSession(t.db, before, u.userId);
		const { cookies, set } = jar();
		startSession(t.db, cookies, u.userId, old);
		const after = set.get(SESSION_COOKIE)!;
		expect(after).toBeTruthy();
		expect(after).not.toBe(before);
		expect(validateSessionToken(t.db, before).session).toBeNull();
		expect(validateSessionToken(t.db, after).user?.id).toBe(u.userId);
	});

	it('signing out ends the session on the server, not only in the browser', async () => {
		const u = await staff(t.db);
		const token = generateSessionToken();
		const s = createSession(t.db, token, u.userId);
		const { cookies, set } = jar();
		set.set(SESSION_COOKIE, token);
		endSession(t.db, cookies, s);
		expect(set.has(SESSION_COOKIE)).toBe(false);
		// a copy of the cookie kept elsewhere (the back button, a stolen copy) no longer works
		expect(validateSessionToken(t.db, token).session).toBeNull();
	});
});
