import { sequence } from '@sveltejs/kit/hooks';
import { error, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { config } from '$lib/server/config';
import { validateSessionToken } from '$lib/server/auth/session';
import { readSessionCookie, setSessionCookie, clearSessionCookie } from '$lib/server/auth/cookie';
import { signedInOn } from '$lib/server/auth/login-flow';
import * as scope from '$lib/server/http/scope';
import { PREFS_COOKIE, parse as parsePrefs, htmlClass } from '$lib/server/prefs';
import { createPageCache, cacheablePath } from '$lib/server/cache';
import * as app from '$lib/server/app';
import { recordFor, refusals } from '$lib/server/security/http';
import { isIP } from 'node:net';

export const init: ServerInit = () => {
	app.start(); // migrate, seed and schedule before the first request
};

/** paths answered before locale handling (health checks, files, machine APIs) */
const RAW = /^\/(healthz|files\/|api\/|open311\/|__test\/(?!floor))/;

const i18n: Handle = ({ event, resolve }) => {
	if (RAW.test(event.url.pathname)) return resolve(event);
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%miyun.modes%', htmlClass(parsePrefs(event.cookies.get(PREFS_COOKIE))))
		});
	});
};

/** What every answer that is not a page (JSON, XML, files, plain-text refusals) may load: nothing. */
const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Security headers on every answer, the hooks' own refusals (403, 413, cached pages) included: it
 * runs first, around everything else. It also opens the request's scope (http/scope.ts): whether
 * the request came over https — the effective protocol, from ORIGIN or from PROTOCOL_HEADER behind
 * a proxy — decides HSTS and the Secure `__Host-` session cookie; a rate limit that refused notes
 * its wait, which becomes `Retry-After` on any 429 that does not carry one.
 */
const securityHeaders: Handle = ({ event, resolve }) =>
	scope.within(
		event.url,
		async () => {
			const response = await resolve(event);
			const h = response.headers;
			const csp = h.get('content-security-policy');
			// the map's tile server is configuration, so its origin joins img-src here (once: a cached
			// page's headers already hold it)
			const page = (h.get('content-type') ?? '').startsWith('text/html');
			if (csp && page && config.tileOrigin && !csp.includes(`img-src 'self' ${config.tileOrigin}`))
				h.set('content-security-policy', csp.replace("img-src 'self'", `img-src 'self' ${config.tileOrigin}`));
			// pages get SvelteKit's policy (kit.csp); anything else may load nothing and be framed nowhere
			if (!csp) h.set('content-security-policy', STRICT_CSP);
			h.set('X-Content-Type-Options', 'nosniff');
			// a route that set a stricter policy (pages with a key or token in the URL: same-origin, so no
			// Referer leaves the site while their own form posts keep their Origin) keeps it
			if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
			h.set('X-Frame-Options', 'DENY');
			h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(self)');
			if (event.url.protocol === 'https:') h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
			// every 429 says when to come back: the refusing limit's own wait, else a minute
			if (response.status === 429 && !h.has('Retry-After')) h.set('Retry-After', String(scope.retryAfter() ?? 60));
			return response;
		},
		event.request.headers.get('user-agent')
	);

const auth: Handle = ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	if (event.url.pathname === '/healthz') return resolve(event);
	const token = readSessionCookie(event.cookies);
	if (token) {
		const { session, user } = validateSessionToken(getDb(), token);
		if (session) {
			// after the password alone, only the sign-in steps see the user (login-flow.ts signedInOn);
			// the session stays known, so the guards send the person on to their second factor
			event.locals.user = signedInOn(event.url.pathname, user, session) ? user : null;
			event.locals.session = session;
			setSessionCookie(event.cookies, token, session.expiresAt);
		} else {
			clearSessionCookie(event.cookies);
		}
	}
	return resolve(event);
};

/**
 * Bodies larger than the app accepts get a localised 413 from here. adapter-node's own
 * BODY_SIZE_LIMIT (set above this by `npm start`) would otherwise answer with plain text.
 */
const bodyLimit: Handle = ({ event, resolve }) => {
	const declared = Number(event.request.headers.get('content-length') ?? 0);
	const multipart = (event.request.headers.get('content-type') ?? '').startsWith('multipart/form-data');
	const limit = multipart ? config.maxUploadBodyBytes : config.maxFormBodyBytes;
	if (declared > limit) {
		if (multipart) recordFor(event, 'upload.refused', { reason: 'too_large', bytes: declared });
		return plainPage(413, m.error_413_title(), m.error_413_body());
	}
	return resolve(event);
};

/** A minimal localised page answered by a hook itself (no layout: the request never reached a route). */
function plainPage(status: number, title: string, body: string): Response {
	const html = `<!doctype html><html lang="${getLocale()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${body}</p><p><a href="${localizeHref('/')}">${m.error_back_home()}</a></p></main></body></html>`;
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/**
 * SvelteKit's origin check, kept for every form post (kit.csrf.checkOrigin is off so that this
 * hook can make the exceptions): the Open311 POST, which servers send without an Origin header,
 * and which authenticates by API key instead; and a follower's one-click unsubscribe link, which
 * mail programs POST to (RFC 8058, List-Unsubscribe-Post) from no page at all — it can only end
 * the one follow whose secret token is in its path.
 */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const CSRF_EXEMPT = /^(?:\/open311\/v2\/requests\.(json|xml)|(?:\/en)?\/report\/follow\/[A-Za-z0-9_-]{22}\/stop)$/;
const csrf: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) && !CSRF_EXEMPT.test(url.pathname)) {
		const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		const origin = request.headers.get('origin');
		// forms must come from this site; any other body (JSON…) is refused when a browser says it
		// comes from another site
		if ((FORM_TYPES.includes(type) && origin !== url.origin) || (origin !== null && origin !== url.origin)) {
			recordFor(event, 'csrf.refused', { origin: origin ?? 'none', type });
			const locale = url.pathname === '/en' || url.pathname.startsWith('/en/') ? 'en' : 'zh-CN';
			return new Response(m.error_cross_site({}, { locale }), {
				status: 403,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
		}
	}
	return resolve(event);
};

const cache = createPageCache({ seconds: config.pageCacheSeconds });
const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Serves anonymous public pages from the page cache; every successful write empties it. */
const pageCache: Handle = async ({ event, resolve }) => {
	const { request, url, cookies } = event;
	if (WRITES.includes(request.method)) {
		const response = await resolve(event);
		if (response.status < 400) cache.invalidate();
		return response;
	}
	if (!cache.enabled || request.method !== 'GET' || readSessionCookie(cookies) || !cacheablePath(url.pathname))
		return resolve(event);
	const key = `${url.pathname}${url.search}|${cookies.get(PREFS_COOKIE) ?? ''}`;
	const hit = cache.get(key);
	if (hit) {
		const headers = new Headers(hit.headers);
		headers.set('x-miyun-cache', 'hit');
		return new Response(hit.body, { status: hit.status, headers });
	}
	const generation = cache.generation;
	const response = await resolve(event);
	if (
		response.status !== 200 ||
		response.headers.has('set-cookie') ||
		/no-store|private/.test(response.headers.get('cache-control') ?? '')
	)
		return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const headers = [...response.headers.entries()];
	cache.set(key, { status: 200, headers, body, generation });
	const out = new Response(body, { status: 200, headers });
	out.headers.set('x-miyun-cache', 'miss');
	return out;
};

/**
 * A form body that cannot be parsed (truncated or boundary-less multipart, bytes that are not a
 * form), or a post to the reserved action name, is the sender's error: every action and endpoint reading `request.formData()` answers a
 * localised 400 instead of a 500. Runs after i18n, which replaces the request.
 */
const unreadableForms: Handle = ({ event, resolve }) => {
	const request = event.request;
	// `?/default` names the reserved action: SvelteKit throws (a 500) instead of refusing it. Answered
	// here rather than thrown, so the answer passes back through the security headers
	if (request.method === 'POST' && [...event.url.searchParams.keys()].find((k) => k.startsWith('/')) === '/default')
		return plainPage(404, m.error_404_title(), m.error_404_body());
	if (request.method !== 'GET' && request.method !== 'HEAD') {
		const parse = request.formData.bind(request);
		request.formData = async () => {
			try {
				return await parse();
			} catch {
				error(400, 'bad_request');
			}
		};
	}
	return resolve(event);
};

/**
 * Test mode only (MIYUN_TEST_MODE, the same switch that opens /__test/clock): a request may name
 * the client address it stands for in `x-miyun-test-client`, so that journeys sharing one server
 * each have their own per-address limits, as different visitors would. Without test mode the
 * header means nothing: the address is the connection's (or ADDRESS_HEADER's behind a proxy).
 */
const testClient: Handle = ({ event, resolve }) => {
	const named = config.testMode ? event.request.headers.get('x-miyun-test-client') : null;
	if (named && isIP(named)) event.getClientAddress = () => named;
	return resolve(event);
};

export const handle = sequence(
	testClient,
	securityHeaders,
	csrf,
	refusals,
	pageCache,
	i18n,
	bodyLimit,
	auth,
	unreadableForms
);

export const handleError: HandleServerError = ({ error, event, status }) => {
	// 4xx (unknown page, unsupported content type…) are the client's, not ours: no stack in the log
	if (status >= 500) console.error(`[error] ${event.request.method} ${event.url.pathname}`, error);
	return { message: status === 404 ? 'not_found' : status < 500 ? 'bad_request' : 'internal' };
};
