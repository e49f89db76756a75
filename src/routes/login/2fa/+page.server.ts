import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as accounts from '$lib/server/auth/accounts';
import { markTwoFactorVerified } from '$lib/server/auth/session';
import { safeNext } from '$lib/server/auth/login-flow';
import * as rateLimit from '$lib/server/rate-limit';
import { config } from '$lib/server/config';
import { useRecoveryCode, remainingRecoveryCodes } from '$lib/server/auth/lifecycle';
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
		const code = String((await request.formData()).get('code') ?? '').slice(0, 64);
		// six digits are a TOTP code; anything else is tried as a recovery code (single use)
		const isTotp = /^\d{6}$/.test(code.replace(/\s+/g, ''));
		const good = isTotp ? accounts.checkTotp(db, locals.user.id, code) : useRecoveryCode(db, locals.user.id, code);
		if (!good) {
			rateLimit.hit(db, key, config.limitLoginAccount);
			return fail(400, { error: 'invalid' });
		}
		rateLimit.reset(db, key);
		markTwoFactorVerified(db, locals.session.id);
		// after a recovery code: to the account page, which says how many are left and offers a new set
		if (!isTotp) redirect(303, localizeHref(`/account?recovery=${remainingRecoveryCodes(db, locals.user.id)}`));
		redirect(303, safeNext(url.searchParams.get('next'), localizeHref('/admin')));
	}
};
