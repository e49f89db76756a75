import { config } from '../config';

/** HttpOnly, SameSite=Lax, Secure whenever the site's ORIGIN is https. */
export function sessionCookieOptions(expires: Date) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, expires };
}
