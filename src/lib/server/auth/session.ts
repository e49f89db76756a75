/**
 * Sessions as the Lucia guide builds them with @oslojs: a random 160-bit token goes to the
 * browser, only its SHA-256 is stored. Sliding expiry (SESSION_IDLE_DAYS) renewed when half used,
 * capped by an absolute lifetime (SESSION_MAX_DAYS).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq, and, ne, lt, or } from 'drizzle-orm';
import type { Executor } from '../db';
import { sessions, users } from './schema';
import { nowMs } from '../clock';
import { config } from '../config';

export const SESSION_COOKIE = 'session';
const DAY = 86400000;

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
	const row: Session = {
		id: sessionIdFromToken(token),
		userId,
		createdAt: new Date(t),
		expiresAt: new Date(t + config.sessionIdleDays * DAY),
		absoluteExpiresAt: new Date(t + config.sessionMaxDays * DAY),
		twoFactorVerified: opts.twoFactorVerified ?? false,
		pendingTotpKey: null
	};
	db.insert(sessions).values(row).run();
	return row;
}

const TOKEN_RE = /^[a-z2-7]{32}$/;

/**
 * The session and user for a cookie token, or nulls when the token is malformed, unknown,
 * expired, or the user is disabled. Extends the sliding expiry when half of it has passed.
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
	if (t >= session.expiresAt.getTime() || t >= session.absoluteExpiresAt.getTime() || user.disabledAt) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		return { session: null, user: null };
	}
	const idle = config.sessionIdleDays * DAY;
	if (t >= session.expiresAt.getTime() - idle / 2) {
		const next = new Date(Math.min(t + idle, session.absoluteExpiresAt.getTime()));
		db.update(sessions).set({ expiresAt: next }).where(eq(sessions.id, id)).run();
		session.expiresAt = next;
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

export function invalidateSession(db: Executor, sessionId: string): void {
	db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** End every session of the user, except `keep` when given. */
export function invalidateUserSessions(db: Executor, userId: string, keep?: string): void {
	db.delete(sessions)
		.where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId))
		.run();
}

export function markTwoFactorVerified(db: Executor, sessionId: string): void {
	db.update(sessions).set({ twoFactorVerified: true, pendingTotpKey: null }).where(eq(sessions.id, sessionId)).run();
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
