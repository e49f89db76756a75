import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, org } from '../testing/builders';
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
		const u = await org(t.db);
		const token = generateSessionToken();
		createSession(t.db, token, u.userId);
		advance(14 * DAY + 1000);
		expect(validateSessionToken(t.db, token).session).toBeNull();
		expect(t.db.select().from(sessions).all()).toHaveLength(0);
	});

	it('organisation sessions: slide 14 days when used, but never past the 30-day absolute lifetime', async () => {
		const u = await org(t.db);
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
		const u = await org(t.db);
		createSession(t.db, generateSessionToken(), u.userId);
		advance(15 * DAY);
		createSession(t.db, generateSessionToken(), u.userId);
		expect(pruneSessions(t.db)).toBe(1);
	});
});

describe('staff and admin sessions: 30 minutes idle, 12 hours absolute', () => {
	const MIN = 60000;

	it('end after 30 minutes without a request', async () => {
		for (const role of ['staff', 'admin'] as const) {
			const u = await staff(t.db, { role });
			const token = generateSessionToken();
			const s = createSession(t.db, token, u.userId);
			expect(s.expiresAt.getTime() - s.createdAt.getTime()).toBe(30 * MIN);
			expect(s.absoluteExpiresAt.getTime() - s.createdAt.getTime()).toBe(12 * 60 * MIN);
			advance(29 * MIN);
			expect(validateSessionToken(t.db, token).session, `${role} used at 29 min`).not.toBeNull();
			advance(29 * MIN); // 58 min after sign-in, 29 after the last request
			expect(validateSessionToken(t.db, token).session, `${role} used again at 58 min`).not.toBeNull();
			advance(30 * MIN + 1000);
			expect(validateSessionToken(t.db, token).session, `${role} idle 30 min`).toBeNull();
		}
	});

	it('a request keeps the session for a full 30 minutes from then, not from the last renewal', async () => {
		const u = await staff(t.db);
		const token = generateSessionToken();
		createSession(t.db, token, u.userId);
		// requests every 2 minutes for an hour, then 29 minutes idle: still signed in
		for (let i = 0; i < 30; i++) {
			advance(2 * MIN);
			expect(validateSessionToken(t.db, token).session).not.toBeNull();
		}
		advance(29 * MIN);
		expect(validateSessionToken(t.db, token).session).not.toBeNull();
	});

	it('end 12 hours after sign-in however active', async () => {
		const u = await staff(t.db, { role: 'admin' });
		const token = generateSessionToken();
		createSession(t.db, token, u.userId);
		for (let i = 0; i < 12 * 3 - 1; i++) {
			advance(20 * MIN);
			expect(validateSessionToken(t.db, token).session, `after ${(i + 1) * 20} min`).not.toBeNull();
		}
		advance(20 * MIN); // 12 h
		expect(validateSessionToken(t.db, token).session).toBeNull();
	});

	it('a staff session made under the old 14/30-day lifetimes ends on the staff lifetimes', async () => {
		const u = await staff(t.db);
		const token = generateSessionToken();
		createSession(t.db, token, u.userId);
		// as the rows looked before staff lifetimes existed
		t.db
			.update(sessions)
			.set({
				expiresAt: new Date(Date.parse('2026-11-15T00:00:00Z')),
				absoluteExpiresAt: new Date(Date.parse('2026-12-01T00:00:00Z'))
			})
			.where(eq(sessions.id, sessionIdFromToken(token)))
			.run();
		advance(10 * MIN);
		const r = validateSessionToken(t.db, token);
		expect(r.session!.expiresAt.getTime()).toBe(Date.parse('2026-11-01T00:40:00Z'));
		expect(r.session!.absoluteExpiresAt.getTime()).toBe(Date.parse('2026-11-01T12:00:00Z'));
		advance(31 * MIN);
		expect(validateSessionToken(t.db, token).session).toBeNull();
	});

	it('the lifetimes are settings', async () => {
		process.env.STAFF_SESSION_IDLE_MINUTES = '5';
		process.env.STAFF_SESSION_MAX_HOURS = '1';
		try {
			const u = await staff(t.db);
			const token = generateSessionToken();
			const s = createSession(t.db, token, u.userId);
			expect(s.expiresAt.getTime() - s.createdAt.getTime()).toBe(5 * MIN);
			expect(s.absoluteExpiresAt.getTime() - s.createdAt.getTime()).toBe(60 * MIN);
			advance(6 * MIN);
			expect(validateSessionToken(t.db, token).session).toBeNull();
		} finally {
			delete process.env.STAFF_SESSION_IDLE_MINUTES;
			delete process.env.STAFF_SESSION_MAX_HOURS;
		}
	});

	it('organisation users keep 14 days idle / 30 days absolute', async () => {
		const u = await org(t.db);
		const s = createSession(t.db, generateSessionToken(), u.userId);
		expect(s.expiresAt.getTime() - s.createdAt.getTime()).toBe(14 * DAY);
		expect(s.absoluteExpiresAt.getTime() - s.createdAt.getTime()).toBe(30 * DAY);
	});
});
