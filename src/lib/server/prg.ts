/**
 * Post/Redirect/Get for staff actions: a successful action answers 303 to the page itself with
 * `?done=<what>` so that the address never stays at `?/action` and reloading cannot post again.
 * The page shows its confirmation from `done`. Failures still answer fail(400) with the form refilled.
 *
 * What must be shown once and cannot travel in the address (a new API key, the contact an officer
 * revealed, the name of a new item) goes through `seeOtherWith`: it is kept in this process for two
 * minutes under a random id held in an httpOnly cookie scoped to the page, bound to the signed-in
 * user, and handed out once by `takeFlash` in the page's load. One process serves the site
 * (adapter-node), so memory is enough; after a restart the page simply shows no confirmation.
 */
import { randomBytes } from 'node:crypto';
import { redirect, type RequestEvent } from '@sveltejs/kit';

export function seeOther(event: Pick<RequestEvent, 'url'>, done: string): never {
	// the page's own query (filters) stays; the action's `?/name` and an older `done` go
	const q = new URLSearchParams();
	for (const [k, v] of event.url.searchParams) if (!k.startsWith('/') && k !== 'done') q.append(k, v);
	q.set('done', done);
	redirect(303, `${event.url.pathname}?${q}`);
}

/** The confirmation to show after a redirect, if any (a short code, never free text). */
export function doneOf(url: URL): string | null {
	const d = url.searchParams.get('done');
	return d && /^[a-z0-9_:]{1,40}$/.test(d) ? d : null;
}

const FLASH_COOKIE = 'flash';
const FLASH_MS = 120_000;
const FLASH_MAX = 500;
const flashes = new Map<string, { value: unknown; user: string | null; until: number }>();

type FlashEvent = Pick<RequestEvent, 'url' | 'cookies' | 'locals'>;

/** `seeOther`, with a value the page's next load (and only that) can take with `takeFlash`. */
export function seeOtherWith(event: FlashEvent, done: string, value: unknown): never {
	const at = Date.now();
	for (const [k, f] of flashes) if (f.until < at || flashes.size >= FLASH_MAX) flashes.delete(k);
	const id = randomBytes(18).toString('base64url');
	flashes.set(id, { value, user: event.locals.user?.id ?? null, until: at + FLASH_MS });
	event.cookies.set(FLASH_COOKIE, id, {
		path: event.url.pathname,
		httpOnly: true,
		sameSite: 'strict',
		secure: event.url.protocol === 'https:',
		maxAge: FLASH_MS / 1000
	});
	seeOther(event, done);
}

/** The value `seeOtherWith` left for this page and this user, once; null on any later load. */
export function takeFlash<T>(event: FlashEvent): T | null {
	const id = event.cookies.get(FLASH_COOKIE);
	if (!id) return null;
	event.cookies.delete(FLASH_COOKIE, { path: event.url.pathname });
	const f = flashes.get(id);
	flashes.delete(id);
	if (!f || f.until < Date.now() || f.user !== (event.locals.user?.id ?? null)) return null;
	return f.value as T;
}
