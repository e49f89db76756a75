import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import {
	createSession,
	generateSessionToken,
	validateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	sessionIdFromToken,
	pruneSessions
} from './session';
import { sessions, users } from './schema';
import { setNow, advance } from '../clock';

const DAY = 86400000;
let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-01T00:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

describe('sessions', () => {
	it('creates a 160-bit token and stores only its SHA-256', async () => {
		const u = await staff(t.db);
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		createSession(t.db, token, u.userId);
		const rows = t.db.select().from(sessions).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBe(sessionIdFromToken(token));
		expect(rows[0].id).not.toContain(token);
	});

	it('validates a fresh token and returns the user', async () => {
		const u = await staff(t.db);
		const token = generateSessionToken();
		createSession(t.db, token, u.userId);
		const r = validateSessionToken(t.db, token);
		expect(r.user?.id).toBe(u.userId);
		expect(r.user?.hasTotp).toBe(true);
		expect(r.session?.twoFactorVerified).toBe(false);
	});

	it('refuses malformed and unknown tokens without touching the database', async () => {
		for (const bad of ['', 'x', 'A'.repeat(32), "' or 1=1 --", generateSessionToken() + 'a']) {
			expect(validateSessionToken(t.db, bad).session).toBeNull();
		}
		expect(validateSessionToken(t.db, generateSessionToken()).user).toBeNull();
	});

	it('expires after the idle window and deletes the row', async () => {
		const u = await staff(t.db);
		const token = generateSessionToken();
		createSession(t.db, token, u.userId);
		advance(14 * DAY + 1000);
		expect(validateSessionToken(t.db, token).session).toBeNull();
		expect(t.db.select().from(sessions).all()).toHaveLength(0);
	});

	it('slides the expiry when used after half the idle window, but never past the absolute lifetime', async () => {
		const u = await staff(t.db);
		const token = generateSessionToken();
		const s = createSession(t.db, token, u.userId);
		advance(8 * DAY);
		const r1 = validateSessionToken(t.db, token);
		expect(r1.session!.expiresAt.getTime()).toBeGreaterThan(s.expiresAt.getTime());
		advance(8 * DAY);
		expect(validateSessionToken(t.db, token).session).not.toBeNull();
		advance(8 * DAY);
		expect(validateSessionToken(t.db, token).session).not.toBeNull(); // day 24, used every 8 days
		advance(7 * DAY); // day 31: past the 30-day absolute lifetime
		expect(validateSessionToken(t.db, token).session).toBeNull();
	});

	it('invalidates one session, or all of a user but the current one', async () => {
		const u = await staff(t.db);
		const [a, b, c] = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		for (const x of [a, b, c]) createSession(t.db, x, u.userId);
		invalidateSession(t.db, sessionIdFromToken(a));
		expect(validateSessionToken(t.db, a).session).toBeNull();
		invalidateUserSessions(t.db, u.userId, sessionIdFromToken(b));
		expect(validateSessionToken(t.db, b).session).not.toBeNull();
		expect(validateSessionToken(t.db, c).session).toBeNull();
	});

	it('ends the session of a disabled user', async () => {
		const u = await staff(t.db);
		const token = generateSessionToken();
		createSession(t.db, token, u.userId);
		t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, u.userId)).run();
		expect(validateSessionToken(t.db, token).user).toBeNull();
	});

	it('prunes expired sessions', async () => {
		const u = await staff(t.db);
		createSession(t.db, generateSessionToken(), u.userId);
		advance(15 * DAY);
		createSession(t.db, generateSessionToken(), u.userId);
		expect(pruneSessions(t.db)).toBe(1);
	});
});
