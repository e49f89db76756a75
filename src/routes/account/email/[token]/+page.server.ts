import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as confirm from '$lib/server/auth/confirm';
import { endSession } from '$lib/server/auth/login-flow';
import { localizeHref } from '$lib/paraglide/runtime';

// The link from the "confirm your new sign-in email" message: one button, so a mail scanner that
// fetches links cannot use it up. Whoever holds the link may confirm: it went to the new address.
export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'referrer-policy': 'same-origin', 'cache-control': 'no-store' });
	return { pending: confirm.pendingConfirmation(getDb(), params.token, 'email') ?? null };
};

export const actions: Actions = {
	default: async ({ params, cookies, locals }) => {
		const db = getDb();
		const r = confirm.confirmEmailChange(db, params.token);
		if (!r.ok) return fail(400, { invalid: true });
		// every session of the account ended; this browser signs in afresh with the new address
		endSession(db, cookies, locals.session);
		redirect(303, localizeHref('/login?email_changed=1'));
	}
};
