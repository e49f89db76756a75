import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as accounts from '$lib/server/auth/accounts';
import { startSession, safeNext, homeOf } from '$lib/server/auth/login-flow';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { loginForm } from '$lib/server/auth/forms';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user && locals.session?.twoFactorVerified) redirect(303, localizeHref('/account'));
	return {
		expired: url.searchParams.has('expired'),
		reset: url.searchParams.has('reset'),
		left: url.searchParams.has('left'),
		emailChanged: url.searchParams.has('email_changed')
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, locals, url, setHeaders }) => {
		const f = parseForm(loginForm, await request.formData(), ['email', 'password']);
		const email = f.ok ? f.data.email : '';
		const db = getDb();
		const r = await accounts.login(db, { email, password: f.ok ? f.data.password : '' }, getClientAddress(), {
			locale: getLocale() === 'en' ? 'en' : 'zh-CN'
		});
		if (!r.ok) {
			if (r.retryAfter) setHeaders({ 'retry-after': String(r.retryAfter) });
			return fail(r.error === 'throttled' ? 429 : 400, {
				email,
				error: r.error,
				minutes: Math.max(1, Math.ceil((r.retryAfter ?? 60) / 60))
			});
		}
		startSession(db, cookies, r.userId, locals.session);
		// `next` is a path as the visitor saw it (already carrying /en when English)
		const next = safeNext(url.searchParams.get('next'), localizeHref(homeOf(r)));
		// every role has a second factor: the code (or enrolment, for an account without a key yet)
		redirect(303, localizeHref(`/login/2fa?next=${encodeURIComponent(next)}`));
	}
};
