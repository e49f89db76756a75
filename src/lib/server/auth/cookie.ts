/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/, no Domain. Over https (the effective
 * protocol, also behind a proxy: see ../http/scope.ts) it is Secure and named `__Host-session`,
 * a name browsers accept only from a secure origin with Path=/ and no Domain, so neither a
 * sibling subdomain nor plain http can plant or overwrite it. Plain http (development, tests on
 * 127.0.0.1) uses `session`; each protocol reads only its own name.
 */
import type { Cookies } from '@sveltejs/kit';
import { requestIsSecure } from '../http/scope';
import { SESSION_COOKIE } from './session';

export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export function sessionCookieName(secure = requestIsSecure()): string {
	return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function sessionCookieOptions(expires: Date, secure = requestIsSecure()) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, expires };
}

export function readSessionCookie(cookies: Cookies): string | undefined {
	return cookies.get(sessionCookieName());
}

export function setSessionCookie(cookies: Cookies, token: string, expires: Date): void {
	cookies.set(sessionCookieName(), token, sessionCookieOptions(expires));
}

export function clearSessionCookie(cookies: Cookies): void {
	const secure = requestIsSecure();
	cookies.delete(sessionCookieName(secure), { path: '/', secure });
}
