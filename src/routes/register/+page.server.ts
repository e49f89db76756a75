import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as accounts from '$lib/server/auth/accounts';
import * as reference from '$lib/server/reference';
import { safeNext } from '$lib/server/auth/login-flow';
import { config } from '$lib/server/config';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { registerForm, REGISTER_FIELDS } from '$lib/server/auth/forms';

export const load: PageServerLoad = () => ({
	towns: reference.towns(getDb()),
	orgTypes: reference.cellTypes()
});

const KEEP = ['orgName', 'orgType', 'town', 'creditCode', 'contactName', 'contactPhone', 'email'] as const;

export const actions: Actions = {
	default: async ({ request, getClientAddress, url, setHeaders }) => {
		const f = parseForm(registerForm, await request.formData(), REGISTER_FIELDS);
		// the password is never sent back
		const values = Object.fromEntries(KEEP.map((k) => [k, f.values[k]]));
		// password rules are checked apart from the schema so they show together with every other error
		if (!f.ok) return fail(400, { values, errors: { ...f.errors, ...(await accounts.passwordError(f.values)) } });
		// on to what they came for (`next`, carried from /login), else to starting an application,
		// once the emailed link is followed
		const next = welcome(safeNext(url.searchParams.get('next'), localizeHref('/cells/apply')));
		const r = await accounts.registerOrganisation(getDb(), f.data, getClientAddress(), {
			locale: getLocale() === 'en' ? 'en' : 'zh-CN',
			next
		});
		if (!r.ok && 'retryAfter' in r && r.retryAfter) setHeaders({ 'retry-after': String(r.retryAfter) });
		if (!r.ok)
			return fail(r.error === 'limited' ? 429 : 400, {
				values,
				errors: r.error === 'limited' ? { form: 'limited' } : r.fields
			});
		// the same answer whether the address is new or already has an account (issue 16)
		return { sent: true, email: f.data.email, hours: config.emailConfirmHours };
	}
};

/** The path with `welcome=1` added: the page it leads to greets the new account and points at the next step. */
function welcome(path: string): string {
	const u = new URL(path, 'http://site.invalid');
	u.searchParams.set('welcome', '1');
	return u.pathname + u.search + u.hash;
}
