/**
 * Security events seen from the request: who asked (the signed-in user, the client address) and
 * the refusals no feature service sees — a permission guard saying no, any other 403 a route
 * answers, a cross-site form post, an upload body over the limit. The hook (`refusals`) logs every
 * 403 the guard has not logged already, so a service's own `forbidden` outcome is logged too, and
 * leaves `Retry-After` to the security-headers hook.
 */
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db';
import { record, type EventInput, type SecurityEvent } from './index';

/** The client address adapter-node reports (ADDRESS_HEADER/XFF_DEPTH behind a proxy), if any. */
export function ipOf(event: Pick<RequestEvent, 'getClientAddress'>): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

/** requests whose refusal is already logged (keyed by their `locals`, one object per request) */
const logged = new WeakSet<object>();

/** Records `event` for this request: its user and address, the path, and `detail`. */
export function recordFor(
	event: Pick<RequestEvent, 'getClientAddress' | 'locals' | 'url' | 'request'>,
	name: SecurityEvent,
	detail: EventInput['detail'] = {}
): void {
	logged.add(event.locals);
	record(getDb(), name, {
		user: event.locals.user?.id ?? null,
		ip: ipOf(event),
		detail: { method: event.request.method, path: event.url.pathname, ...detail }
	});
}

/**
 * Logs each 403 answer not logged already (a route's or service's own `forbidden`). Every 429's
 * `Retry-After` is set by the security-headers hook, from the wait a refused limit noted
 * (http/scope.ts).
 */
export const refusals: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (response.status === 403 && !logged.has(event.locals)) recordFor(event, 'access.denied');
	return response;
};
