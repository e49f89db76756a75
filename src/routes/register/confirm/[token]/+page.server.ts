import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as confirm from '$lib/server/auth/confirm';
import { startSession } from '$lib/server/auth/login-flow';
import { localizeHref } from '$lib/paraglide/runtime';

// Following the emailed link shows one button; the POST confirms. A mail scanner that fetches
// links ahead of the person then cannot use up the single-use link (nor be signed in with it).
export const load: PageServerLoad = ({ params, setHeaders }) => {
	// the token is in the path: keep it out of other sites' Referer headers and caches (not
	// no-referrer: Chromium would then send `Origin: null` with the form, which the CSRF check refuses)
	setHeaders({ 'referrer-policy': 'same-origin', 'cache-control': 'no-store' });
	return { pending: confirm.pendingConfirmation(getDb(), params.token, 'register') ?? null };
};

export const actions: Actions = {
	default: async ({ params, cookies, locals }) => {
		const db = getDb();
		const r = confirm.confirmRegistration(db, params.token, localizeHref('/cells/apply?welcome=1'));
		if (!r.ok) return fail(400, { invalid: true });
		startSession(db, cookies, r.userId, locals.session);
		// the new account enrols its authenticator first, then goes on to `next`
		redirect(303, localizeHref(`/login/2fa/setup?next=${encodeURIComponent(r.next)}`));
	}
};
