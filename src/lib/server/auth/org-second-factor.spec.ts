/**
 * Organisation accounts have the staff second factor (ASVS 5.0 6.3.2, issue 16): the same TOTP
 * enrolment, codes good once, recovery codes, throttle, security events and new token, and no
 * page acts for them after the password alone.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { createTestDb, type TestDb } from '../testing/db';
import { org, TEST_PASSWORD } from '../testing/builders';
import { login, enrolTotp, getUser } from './accounts';
import { resetMemberSecondFactor } from './org-members';
import { users } from './schema';
import { eq } from 'drizzle-orm';
import { createSession, generateSessionToken, validateSessionToken, SESSION_COOKIE } from './session';
import { startSession, elevateSession, signedInOn } from './login-flow';
import { verifySecondFactor } from './second-factor';
import { generateRecoveryCodes, remainingRecoveryCodes } from './lifecycle';
import { requirePermission, requireUser } from './guard';
import { needsSecondFactor } from './permissions';
import { codeAt, newTotpKey, encodeKey } from './totp';
import * as security from '../security';
import { config } from '../config';
import { nowMs, setNow, resetClock } from '../clock';

const DAY = 86400000;
let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-02T09:00:10Z'), { freeze: true });
});
afterEach(() => {
	resetClock();
	t.close();
});

function jar() {
	const set = new Map<string, string>();
	const cookies = {
		set: (name: string, value: string) => void set.set(name, value),
		delete: (name: string) => void set.delete(name),
		get: (name: string) => set.get(name)
	} as unknown as Cookies;
	return { cookies, set };
}

/** What the hook gives a route on `path` for this token (hooks.server.ts `auth`). */
function eventFor(token: string, path: string) {
	const { session, user } = validateSessionToken(t.db, token);
	return {
		url: new URL(`http://miyun.test${path}`),
		locals: { session, user: session && user && signedInOn(path, user, session) ? user : null }
	} as unknown as RequestEvent;
}

/** The redirect a guard throws (SvelteKit's Redirect), or null when it lets the request through. */
function redirectOf(f: () => unknown): string | null {
	try {
		f();
		return null;
	} catch (e) {
		const r = e as { status?: number; location?: string };
		if (r.status !== 303) throw e;
		return r.location!;
	}
}

/** Signs in with the password only, as the login route does: a session not yet verified. */
async function passwordOnly(email: string) {
	const r = await login(t.db, { email, password: TEST_PASSWORD }, '10.1.1.1');
	if (!r.ok) throw new Error(r.error);
	const { cookies, set } = jar();
	const session = startSession(t.db, cookies, r.userId, null);
	return { token: set.get(SESSION_COOKIE)!, session, cookies, set };
}

describe('organisation accounts: second factor', () => {
	it('every role needs it; after the password alone no organisation page sees the account', async () => {
		const o = await org(t.db);
		const { token } = await passwordOnly(o.email);
		const { session, user } = validateSessionToken(t.db, token);
		expect(user!.role).toBe('org');
		expect(needsSecondFactor(user!)).toBe(true);
		expect(session!.twoFactorVerified).toBe(false);
		// only the sign-in steps and sign-out see the user
		for (const p of ['/login/2fa', '/en/login/2fa/setup', '/logout']) expect(signedInOn(p, user!, session!)).toBe(true);
		for (const p of ['/cells/apply', '/account', '/files/1', '/about/privacy/request', '/en/cells/apply/3'])
			expect(signedInOn(p, user!, session!)).toBe(false);
		// the guards send the half-signed-in person on to the code step, then back to where they were going
		expect(redirectOf(() => requirePermission(eventFor(token, '/cells/apply'), 'cells.apply'))).toBe(
			'/login/2fa?next=%2Fcells%2Fapply'
		);
		expect(redirectOf(() => requireUser(eventFor(token, '/account')))).toBe('/login/2fa?next=%2Faccount');
		// an anonymous visitor still goes to the sign-in form
		expect(redirectOf(() => requireUser(eventFor('x'.repeat(32), '/account')))).toBe('/login?next=%2Faccount');
	});

	it('a code is accepted once: the new verified session gets a new token and keeps the 14 / 30-day lifetimes', async () => {
		const o = await org(t.db);
		const { token, session, cookies, set } = await passwordOnly(o.email);
		const code = codeAt(o.key!, nowMs());
		expect(verifySecondFactor(t.db, o.userId, code, '10.1.1.1')).toEqual({ ok: true, via: 'totp' });
		const verified = elevateSession(t.db, cookies, session);
		const fresh = set.get(SESSION_COOKIE)!;
		expect(fresh).not.toBe(token);
		expect(validateSessionToken(t.db, token).session).toBeNull();
		expect(validateSessionToken(t.db, fresh).session!.twoFactorVerified).toBe(true);
		expect(verified.expiresAt.getTime() - verified.createdAt.getTime()).toBe(config.sessionIdleDays * DAY);
		expect(verified.absoluteExpiresAt.getTime() - verified.createdAt.getTime()).toBe(config.sessionMaxDays * DAY);
		expect(redirectOf(() => requirePermission(eventFor(fresh, '/cells/apply'), 'cells.apply'))).toBeNull();
		// the same code again (seen over a shoulder) is refused and logged
		expect(verifySecondFactor(t.db, o.userId, code, '10.1.1.2')).toEqual({ ok: false, error: 'invalid' });
		expect(security.count(t.db, 'totp.ok', { user: o.userId })).toBe(1);
		expect(security.count(t.db, 'totp.failed', { user: o.userId })).toBe(1);
	});

	it('a recovery code signs in once, and wrong guesses are throttled per account', async () => {
		const o = await org(t.db);
		const codes = generateRecoveryCodes(t.db, o.userId);
		expect(codes).toHaveLength(10);
		expect(verifySecondFactor(t.db, o.userId, codes[4], null)).toEqual({ ok: true, via: 'recovery' });
		expect(verifySecondFactor(t.db, o.userId, codes[4], null)).toEqual({ ok: false, error: 'invalid' });
		expect(security.count(t.db, 'recovery.used', { user: o.userId })).toBe(1);
		const answers = Array.from({ length: config.limitLoginAccount.count + 1 }, () =>
			verifySecondFactor(t.db, o.userId, '000000', null)
		);
		expect(answers.at(-1)).toMatchObject({ ok: false, error: 'throttled' });
		// throttled: even the right code waits
		expect(verifySecondFactor(t.db, o.userId, codeAt(o.key!, nowMs()), null)).toMatchObject({ error: 'throttled' });
	});

	it('an account from before organisations had a key enrols first; the enrolment code cannot sign in again', async () => {
		const o = await org(t.db, { totp: false });
		const { token } = await passwordOnly(o.email);
		expect(validateSessionToken(t.db, token).user!.hasTotp).toBe(false);
		// no code signs in before enrolment
		expect(verifySecondFactor(t.db, o.userId, '123456', null)).toEqual({ ok: false, error: 'invalid' });
		const key = newTotpKey();
		const code = codeAt(key, nowMs());
		expect(enrolTotp(t.db, o.userId, encodeKey(t.db, key), '000000')).toBe(false);
		expect(enrolTotp(t.db, o.userId, encodeKey(t.db, key), code)).toBe(true);
		expect(verifySecondFactor(t.db, o.userId, code, null)).toEqual({ ok: false, error: 'invalid' });
		expect(verifySecondFactor(t.db, o.userId, codeAt(key, nowMs() + 30000), null)).toEqual({ ok: true, via: 'totp' });
		// a session made now (any route) still starts unverified
		const s = createSession(t.db, generateSessionToken(), o.userId);
		expect(s.twoFactorVerified).toBe(false);
	});
});

describe("an organisation admin resets a member's authenticator", () => {
	it("as staff-admin.ts does for staff: key and codes gone, sessions ended; only within the organisation, never one's own", async () => {
		const admin = await org(t.db);
		const member = await org(t.db);
		const stranger = await org(t.db);
		const adminUser = getUser(t.db, admin.userId)!;
		// the second account joins the first one's organisation as a plain member
		t.db.update(users).set({ orgId: adminUser.orgId, orgRole: 'member' }).where(eq(users.id, member.userId)).run();
		generateRecoveryCodes(t.db, member.userId);
		const token = generateSessionToken();
		createSession(t.db, token, member.userId, { twoFactorVerified: true });
		const actor = (id: string) =>
			validateSessionToken(
				t.db,
				(() => {
					const tk = generateSessionToken();
					createSession(t.db, tk, id, { twoFactorVerified: true });
					return tk;
				})()
			).user!;

		expect(resetMemberSecondFactor(t.db, actor(member.userId), admin.userId)).toEqual({
			ok: false,
			error: 'forbidden'
		});
		expect(resetMemberSecondFactor(t.db, actor(admin.userId), stranger.userId)).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(resetMemberSecondFactor(t.db, actor(admin.userId), admin.userId)).toEqual({ ok: false, error: 'not_found' });
		expect(getUser(t.db, stranger.userId)!.totpKey).not.toBeNull();

		expect(resetMemberSecondFactor(t.db, actor(admin.userId), member.userId)).toEqual({ ok: true });
		const after = getUser(t.db, member.userId)!;
		expect(after.totpKey).toBeNull();
		expect(remainingRecoveryCodes(t.db, member.userId)).toBe(0);
		expect(validateSessionToken(t.db, token).session).toBeNull();
		// the old app's code no longer signs in; the next sign-in enrols
		expect(verifySecondFactor(t.db, member.userId, codeAt(member.key!, nowMs()), null)).toMatchObject({ ok: false });
	});
});
