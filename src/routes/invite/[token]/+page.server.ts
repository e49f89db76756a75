import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as members from '$lib/server/auth/org-members';
import { startSession } from '$lib/server/auth/login-flow';
import { localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { inviteForm } from '$lib/server/auth/forms';

export const load: PageServerLoad = ({ params, setHeaders }) => {
	// the token is in the path: keep it out of other sites' Referer headers and caches
	setHeaders({ 'referrer-policy': 'same-origin', 'cache-control': 'no-store' });
	return { invitation: members.invitation(getDb(), params.token) ?? null };
};

export const actions: Actions = {
	default: async ({ request, params, cookies, locals }) => {
		const f = parseForm(inviteForm, await request.formData(), ['displayName', 'password']);
		const { displayName, password } = f.ok ? f.data : { displayName: '', password: '' };
		const db = getDb();
		const r = await members.accept(db, params.token, { displayName, password });
		if (!r.ok) {
			if (r.error === 'invalid_token' || r.error === 'email_taken')
				return fail(400, { invalid: true, displayName, errors: {} as Record<string, string> });
			return fail(400, {
				invalid: false,
				displayName,
				errors: { [r.field ?? 'password']: r.error } as Record<string, string>
			});
		}
		startSession(db, cookies, r.userId, locals.session);
		// the new member enrols an authenticator first, then sees their account
		redirect(303, localizeHref(`/login/2fa/setup?next=${encodeURIComponent(localizeHref('/account?welcome'))}`));
	}
};
