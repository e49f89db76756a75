/**
 * Sessions as the Lucia guide builds them with @oslojs: a random 160-bit token goes to the
 * browser, only its SHA-256 is stored. Sliding expiry renewed on use, capped by an absolute
 * lifetime, both by role: staff and admin sessions are short (STAFF_SESSION_IDLE_MINUTES,
 * STAFF_SESSION_MAX_HOURS: 30 minutes / 12 hours), organisation sessions long (SESSION_IDLE_DAYS,
 * SESSION_MAX_DAYS: 14 / 30 days).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq, and, ne, lt, or, desc } from 'drizzle-orm';
import type { Executor } from '../db';
import { sessions, users } from './schema';
import { nowMs } from '../clock';
import { config } from '../config';
import { requestUserAgent } from '../http/scope';

export const SESSION_COOKIE = 'session';
const DAY = 86400000;
const MINUTE = 60000;

/** Idle and absolute lifetimes (ms) of a session of this role. */
export function lifetimes(role: User['role']): { idleMs: number; maxMs: number } {
	if (role === 'staff' || role === 'admin')
		return { idleMs: config.staffSessionIdleMinutes * MINUTE, maxMs: config.staffSessionMaxHours * 60 * MINUTE };
	return { idleMs: config.sessionIdleDays * DAY, maxMs: config.sessionMaxDays * DAY };
}

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export type Session = typeof sessions.$inferSelect;
export type User = typeof users.$inferSelect;
export interface SessionUser {
	id: string;
	email: string;
	role: User['role'];
	displayName: string;
	departmentCode: string | null;
	orgId: string | null;
	/** org accounts: whether this member may invite and manage members */
	orgRole: User['orgRole'];
	hasTotp: boolean;
}

export function createSession(
	db: Executor,
	token: string,
	userId: string,
	opts: { twoFactorVerified?: boolean } = {}
): Session {
	const t = nowMs();
	const user = db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
	if (!user) throw new Error(`createSession: no user ${userId}`);
	const { idleMs, maxMs } = lifetimes(user.role);
	const row: Session = {
		id: sessionIdFromToken(token),
		userId,
		createdAt: new Date(t),
		expiresAt: new Date(t + Math.min(idleMs, maxMs)),
		absoluteExpiresAt: new Date(t + maxMs),
		twoFactorVerified: opts.twoFactorVerified ?? false,
		pendingTotpKey: null,
		userAgent: requestUserAgent()?.slice(0, 200) ?? null
	};
	db.insert(sessions).values(row).run();
	return row;
}

const TOKEN_RE = /^[a-z2-7]{32}$/;

/**
 * The session and user for a cookie token, or nulls when the token is malformed, unknown,
 * expired, or the user is disabled. Each use extends the sliding expiry to a full idle window
 * (written at most once a minute, or once half the window has passed when that is sooner), so a
 * session ends no earlier than its idle lifetime after the last request. The role's absolute
 * lifetime counts from the session's creation, so sessions made under longer settings end too.
 */
export function validateSessionToken(
	db: Executor,
	token: string
): { session: Session; user: SessionUser } | { session: null; user: null } {
	if (!TOKEN_RE.test(token)) return { session: null, user: null };
	const id = sessionIdFromToken(token);
	const row = db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id))
		.get();
	if (!row) return { session: null, user: null };
	const t = nowMs();
	const { session, user } = row;
	const { idleMs, maxMs } = lifetimes(user.role);
	const absolute = Math.min(session.absoluteExpiresAt.getTime(), session.createdAt.getTime() + maxMs);
	if (t >= session.expiresAt.getTime() || t >= absolute || user.disabledAt) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		return { session: null, user: null };
	}
	const next = Math.min(t + idleMs, absolute);
	const gain = next - session.expiresAt.getTime();
	// a negative gain: the session was made under longer settings (or a role with a longer window)
	if (gain >= Math.min(MINUTE, idleMs / 2) || gain < 0 || absolute < session.absoluteExpiresAt.getTime()) {
		db.update(sessions)
			.set({ expiresAt: new Date(next), absoluteExpiresAt: new Date(absolute) })
			.where(eq(sessions.id, id))
			.run();
		session.expiresAt = new Date(next);
		session.absoluteExpiresAt = new Date(absolute);
	}
	return {
		session,
		user: {
			id: user.id,
			email: user.email,
			role: user.role,
			displayName: user.displayName,
			departmentCode: user.departmentCode,
			orgId: user.orgId,
			orgRole: user.orgRole,
			hasTotp: user.totpKey !== null
		}
	};
}

/** The person's sessions still running, newest first: for the list of signed-in devices on /account. */
export function activeSessions(db: Executor, userId: string) {
	const t = nowMs();
	const user = db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
	if (!user) return [];
	const { idleMs } = lifetimes(user.role);
	return db
		.select()
		.from(sessions)
		.where(eq(sessions.userId, userId))
		.orderBy(desc(sessions.createdAt))
		.all()
		.filter((s) => s.expiresAt.getTime() > t && s.absoluteExpiresAt.getTime() > t)
		.map((s) => ({
			id: s.id,
			createdAt: s.createdAt,
			// each use pushes the expiry to a full idle window from then
			lastActiveAt: new Date(Math.max(s.createdAt.getTime(), s.expiresAt.getTime() - idleMs)),
			userAgent: s.userAgent
		}));
}

/** Ends one of the person's own sessions (not anyone else's); whether it was theirs and running. */
export function endOwnSession(db: Executor, userId: string, sessionId: string): boolean {
	return (
		db
			.delete(sessions)
			.where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
			.run().changes > 0
	);
}

export function invalidateSession(db: Executor, sessionId: string): void {
	db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** End every session of the user, except `keep` when given. */
export function invalidateUserSessions(db: Executor, userId: string, keep?: string): void {
	db.delete(sessions)
		.where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId))
		.run();
}

export function setPendingTotpKey(db: Executor, sessionId: string, key: string | null): void {
	db.update(sessions).set({ pendingTotpKey: key }).where(eq(sessions.id, sessionId)).run();
}

/** Delete expired sessions (scheduled). */
export function pruneSessions(db: Executor): number {
	const t = new Date(nowMs());
	return db
		.delete(sessions)
		.where(or(lt(sessions.expiresAt, t), lt(sessions.absoluteExpiresAt, t)))
		.run().changes;
}
