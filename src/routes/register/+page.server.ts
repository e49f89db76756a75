import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as accounts from '$lib/server/auth/accounts';
import * as reference from '$lib/server/reference';
import { startSession, safeNext } from '$lib/server/auth/login-flow';
import { localizeHref } from '$lib/paraglide/runtime';

export const load: PageServerLoad = () => ({
	towns: reference.towns(getDb()),
	orgTypes: reference.cellTypes()
});

const KEEP = ['orgName', 'orgType', 'town', 'creditCode', 'contactName', 'contactPhone', 'email'] as const;

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, locals, url, setHeaders }) => {
		const form = await request.formData();
		const raw = Object.fromEntries([...KEEP, 'password'].map((k) => [k, String(form.get(k) ?? '')]));
		const values = Object.fromEntries(KEEP.map((k) => [k, raw[k]]));
		const db = getDb();
		const r = await accounts.registerOrganisation(db, raw, getClientAddress());
		if (!r.ok && r.retryAfter) setHeaders({ 'retry-after': String(r.retryAfter) });
		if (!r.ok)
			return fail(r.error === 'limited' ? 429 : 400, {
				values,
				errors: r.error === 'limited' ? { form: 'limited' } : r.fields
			});
		startSession(db, cookies, r.userId, locals.session);
		// on to what they came for (`next`, carried from /login), else to starting an application
		redirect(303, welcome(safeNext(url.searchParams.get('next'), localizeHref('/cells/apply'))));
	}
};

/** The path with `welcome=1` added: the page it leads to greets the new account and points at the next step. */
function welcome(path: string): string {
	const u = new URL(path, 'http://site.invalid');
	u.searchParams.set('welcome', '1');
	return u.pathname + u.search + u.hash;
}
