import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { resetPassword, resetTokenValid } from '$lib/server/auth/lifecycle';
import { endSession } from '$lib/server/auth/login-flow';
import { localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { passwordForm } from '$lib/server/auth/forms';

export const load: PageServerLoad = ({ params, setHeaders }) => {
	// the token is in the path: keep it out of other sites' Referer headers and caches
	setHeaders({ 'referrer-policy': 'same-origin', 'cache-control': 'no-store' });
	return { valid: resetTokenValid(getDb(), params.token) };
};

export const actions: Actions = {
	default: async ({ request, params, cookies, locals }) => {
		const f = parseForm(passwordForm, await request.formData(), ['password']);
		const db = getDb();
		const r = await resetPassword(db, params.token, f.ok ? f.data.password : '');
		if (!r.ok) {
			if (r.error === 'invalid_token') return fail(400, { invalid: true, errors: {} as Record<string, string> });
			return fail(400, { invalid: false, errors: { password: r.error } as Record<string, string> });
		}
		// every session of the account ended; this browser signs in afresh
		endSession(db, cookies, locals.session);
		redirect(303, localizeHref('/login?reset=1'));
	}
};
