import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as accounts from '$lib/server/auth/accounts';
import { elevateSession, safeNext } from '$lib/server/auth/login-flow';
import * as rateLimit from '$lib/server/rate-limit';
import { config } from '$lib/server/config';
import * as security from '$lib/server/security';
import { useRecoveryCode, remainingRecoveryCodes } from '$lib/server/auth/lifecycle';
import { localizeHref } from '$lib/paraglide/runtime';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.user || !locals.session) redirect(303, localizeHref('/login'));
	if (!locals.user.hasTotp) redirect(303, localizeHref(`/login/2fa/setup${url.search}`));
	if (locals.session.twoFactorVerified) redirect(303, safeNext(url.searchParams.get('next'), localizeHref('/admin')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals, url, cookies, getClientAddress, setHeaders }) => {
		if (!locals.user || !locals.session) redirect(303, localizeHref('/login'));
		const db = getDb();
		const ip = getClientAddress();
		// TOTP and recovery-code guesses: counted before the check in one atomic statement, given back on success
		const key = `totp:acct:${locals.user.id}`;
		const lim = rateLimit.hit(db, key, config.limitLoginAccount);
		if (!lim.ok) {
			security.record(db, 'login.throttled', { user: locals.user.id, ip, detail: { via: 'second_factor' } });
			setHeaders({ 'retry-after': String(lim.retryAfter) });
			return fail(429, { error: 'throttled' });
		}
		const code = String((await request.formData()).get('code') ?? '').slice(0, 64);
		// six digits are a TOTP code; anything else is tried as a recovery code (single use)
		const isTotp = /^\d{6}$/.test(code.replace(/\s+/g, ''));
		const good = isTotp ? accounts.checkTotp(db, locals.user.id, code) : useRecoveryCode(db, locals.user.id, code);
		if (!good) {
			security.record(db, 'totp.failed', { user: locals.user.id, ip, detail: { via: isTotp ? 'totp' : 'recovery' } });
			return fail(400, { error: 'invalid' });
		}
		rateLimit.reset(db, key);
		security.record(db, isTotp ? 'totp.ok' : 'recovery.used', { user: locals.user.id, ip });
		// a new token from here on: the one issued after the password alone stops working
		elevateSession(db, cookies, locals.session);
		// after a recovery code: to the account page, which says how many are left and offers a new set
		if (!isTotp) redirect(303, localizeHref(`/account?recovery=${remainingRecoveryCodes(db, locals.user.id)}`));
		redirect(303, safeNext(url.searchParams.get('next'), localizeHref('/admin')));
	}
};
