/**
 * What happens in the browser session around a login: a fresh session (never reuse one), the
 * cookie, and where to go next. Used by the login, 2FA and registration routes.
 */
import type { Cookies } from '@sveltejs/kit';
import type { DB } from '../db';
import { createSession, generateSessionToken, invalidateSession, type Session } from './session';
import { clearSessionCookie, setSessionCookie } from './cookie';
import { needsSecondFactor } from './permissions';
import type { SessionUser } from './session';

export function startSession(db: DB, cookies: Cookies, userId: string, previous: Session | null): Session {
	if (previous) invalidateSession(db, previous.id);
	const token = generateSessionToken();
	const session = createSession(db, token, userId);
	setSessionCookie(cookies, token, session.expiresAt);
	return session;
}

/**
 * The second factor (TOTP or a recovery code) was verified: the session is replaced by a new one,
 * marked verified, under a new token. The token issued after the password alone stops working, so
 * one seen or planted before this step gives no signed-in staff session.
 */
export function elevateSession(db: DB, cookies: Cookies, previous: Session): Session {
	const token = generateSessionToken();
	const session = db.transaction((tx) => {
		invalidateSession(tx, previous.id);
		return createSession(tx, token, previous.userId, { twoFactorVerified: true });
	});
	setSessionCookie(cookies, token, session.expiresAt);
	return session;
}

/** The paths a session still waiting for its second factor may use: the sign-in steps and sign-out. */
const SECOND_FACTOR_PATHS = /^(?:\/en)?\/(?:login(?:\/.*)?|logout)$/;

/**
 * Whether a session's user counts as signed in on `pathname`. After the password alone (a role
 * that needs a second factor, not yet verified) only the sign-in steps see the user; everywhere
 * else the visitor is anonymous, so no page, file or form acts for them before the second factor
 * (and, for an account without a key yet, before enrolment).
 */
export function signedInOn(pathname: string, user: Pick<SessionUser, 'role'>, session: Session): boolean {
	return session.twoFactorVerified || !needsSecondFactor(user) || SECOND_FACTOR_PATHS.test(pathname);
}

/** Where a signed-in user goes when no `next` says otherwise. */
export const homeOf = (user: Pick<SessionUser, 'role'>) => (user.role === 'org' ? '/account' : '/admin');

export function endSession(db: DB, cookies: Cookies, session: Session | null): void {
	if (session) invalidateSession(db, session.id);
	clearSessionCookie(cookies);
}

/** Characters a browser or a proxy may treat as a slash, or that look like one to a person. */
const SLASHLIKE = /[\\\u2044\u2215\u29f8\u3033\uff0f\uff3c\ufe68\u2571\u2572\u29f5\u29f9]/;

/**
 * The one check for every "go back to" value (login `next`, /prefs `back`, the 找错 page link):
 * only a path on this site beginning with exactly one `/` after normalisation, else `fallback`.
 * Refused: control characters (browsers drop tabs and newlines, so "/\t/evil" becomes "//evil"),
 * backslashes and Unicode slashes, encoded slashes or backslashes right after the first `/`
 * (`/%2f`, `/%5c`), and anything whose dot segments resolve to `//…` (`/..//evil`, `/.//evil`,
 * `/a/..//evil`, `/%2e%2e//evil`). The result is the normalised path, query and fragment.
 */
export function safeNext(next: string | null | undefined, fallback: string): string {
	if (typeof next !== 'string' || !next || next.length > 1000) return fallback;
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
	if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(next) || SLASHLIKE.test(next)) return fallback;
	if (!next.startsWith('/') || next.startsWith('//')) return fallback;
	let out: string;
	try {
		const base = 'http://site.invalid';
		const u = new URL(next, base);
		if (u.origin !== base) return fallback;
		out = u.pathname + u.search + u.hash;
	} catch {
		return fallback;
	}
	if (!out.startsWith('/') || out.startsWith('//')) return fallback;
	// what the path decodes to must not start a second authority either
	let decoded = out;
	for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) {
		try {
			decoded = decodeURIComponent(decoded);
		} catch {
			return fallback;
		}
	}
	if (/^\/[/\\]/.test(decoded) || SLASHLIKE.test(decoded.slice(0, 2))) return fallback;
	// eslint-disable-next-line no-control-regex -- decoded control characters are refused too
	if (/[\u0000-\u001f\u007f]/.test(decoded)) return fallback;
	return out;
}
