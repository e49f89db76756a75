import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import * as securityAdmin from '$lib/server/security/admin';
import { EVENTS } from '$lib/server/security';

/** Read-only (no actions): the filters are a GET form, so they work without JavaScript. */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'security.view');
	const q = event.url.searchParams;
	const r = securityAdmin.search(getDb(), Object.fromEntries(securityAdmin.FIELDS.map((k) => [k, q.get(k)])));
	return { ...r, events: [...EVENTS], page: securityAdmin.PAGE };
};
