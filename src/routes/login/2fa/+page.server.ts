import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as accounts from '$lib/server/auth/accounts';
import { markTwoFactorVerified } from '$lib/server/auth/session';
import { safeNext } from '$lib/server/auth/login-flow';
import * as rateLimit from '$lib/server/rate-limit';
import { config } from '$lib/server/config';
import { localizeHref } from '$lib/paraglide/runtime';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.user || !locals.session) redirect(303, localizeHref('/login'));
	if (!locals.user.hasTotp) redirect(303, localizeHref(`/login/2fa/setup${url.search}`));
	if (locals.session.twoFactorVerified) redirect(303, safeNext(url.searchParams.get('next'), localizeHref('/admin')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		if (!locals.user || !locals.session) redirect(303, localizeHref('/login'));
		const db = getDb();
		// TOTP guesses count against the same per-account login limit
		const key = `totp:acct:${locals.user.id}`;
		if (!rateLimit.peek(db, key, config.limitLoginAccount).ok) return fail(429, { error: 'throttled' });
		const code = String((await request.formData()).get('code') ?? '');
		if (!accounts.checkTotp(db, locals.user.id, code)) {
			rateLimit.hit(db, key, config.limitLoginAccount);
			return fail(400, { error: 'invalid' });
		}
		rateLimit.reset(db, key);
		markTwoFactorVerified(db, locals.session.id);
		redirect(303, safeNext(url.searchParams.get('next'), localizeHref('/admin')));
	}
};
