/**
 * Post/Redirect/Get for staff actions: a successful action answers 303 to the page itself with
 * `?done=<what>` so that the address never stays at `?/action` and reloading cannot post again.
 * The page shows its confirmation from `done`. Failures still answer fail(400) with the form refilled.
 */
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
