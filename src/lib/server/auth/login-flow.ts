/**
 * What happens in the browser session around a login: a fresh session (never reuse one), the
 * cookie, and where to go next. Used by the login, 2FA and registration routes.
 */
import type { Cookies } from '@sveltejs/kit';
import type { DB } from '../db';
import { createSession, generateSessionToken, invalidateSession, SESSION_COOKIE, type Session } from './session';
import { sessionCookieOptions } from './cookie';

export function startSession(db: DB, cookies: Cookies, userId: string, previous: Session | null): Session {
	if (previous) invalidateSession(db, previous.id);
	const token = generateSessionToken();
	const session = createSession(db, token, userId);
	cookies.set(SESSION_COOKIE, token, sessionCookieOptions(session.expiresAt));
	return session;
}

export function endSession(db: DB, cookies: Cookies, session: Session | null): void {
	if (session) invalidateSession(db, session.id);
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

/**
 * Only a path on this site is followed after login (no open redirect): no control characters
 * (browsers drop tabs and newlines, so "/\t/evil.com" would become "//evil.com"), no backslashes,
 * and the path must resolve to this origin.
 */
export function safeNext(next: string | null, fallback: string): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
	if (!next || next.length > 1000 || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
	try {
		const base = 'http://site.invalid';
		const u = new URL(next, base);
		if (u.origin !== base) return fallback;
		return u.pathname + u.search + u.hash;
	} catch {
		return fallback;
	}
}
