import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { elevateSession, safeNext, homeOf } from '$lib/server/auth/login-flow';
import { verifySecondFactor } from '$lib/server/auth/second-factor';
import { remainingRecoveryCodes } from '$lib/server/auth/lifecycle';
import { localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { codeForm } from '$lib/server/auth/forms';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.user || !locals.session) redirect(303, localizeHref('/login'));
	if (!locals.user.hasTotp) redirect(303, localizeHref(`/login/2fa/setup${url.search}`));
	if (locals.session.twoFactorVerified)
		redirect(303, safeNext(url.searchParams.get('next'), localizeHref(homeOf(locals.user))));
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals, url, cookies, getClientAddress, setHeaders }) => {
		if (!locals.user || !locals.session) redirect(303, localizeHref('/login'));
		const db = getDb();
		const f = parseForm(codeForm, await request.formData(), ['code']);
		const code = f.ok ? f.data.code : '';
		const r = verifySecondFactor(db, locals.user.id, code, getClientAddress());
		if (!r.ok && r.error === 'throttled') {
			setHeaders({ 'retry-after': String(r.retryAfter) });
			return fail(429, { error: 'throttled' });
		}
		if (!r.ok) return fail(400, { error: 'invalid' });
		const isTotp = r.via === 'totp';
		// a new token from here on: the one issued after the password alone stops working
		elevateSession(db, cookies, locals.session);
		// after a recovery code: to the account page, which says how many are left and offers a new set
		if (!isTotp) redirect(303, localizeHref(`/account?recovery=${remainingRecoveryCodes(db, locals.user.id)}`));
		redirect(303, safeNext(url.searchParams.get('next'), localizeHref(homeOf(locals.user))));
	}
};
