import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as reportsSvc from '$lib/server/reports/service';
import * as keys from '$lib/server/reports/keys';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import * as follow from '$lib/server/reports/follow';
import { parseForm } from '$lib/server/forms';
import { followForm, redeemForm } from '$lib/server/reports/forms';

/** With the public code alone the page is read-only; acting needs the private link or a one-time code. */
export const load: PageServerLoad = ({ params, url, cookies, getClientAddress, setHeaders }) => {
	const db = getDb();
	const r = reportsSvc.lookup(db, params.code, getClientAddress());
	if (!r.ok) {
		if (r.error === 'limited') {
			setHeaders({ 'retry-after': String(r.retryAfter) });
			error(429, 'limited');
		}
		error(404, 'not_found');
	}
	const path = localizeHref(`/report/track/${r.report.code}`);
	// shown once: the cookie the report form set is read and dropped here
	const key = url.searchParams.has('new') ? cookies.get(reportsSvc.NEW_KEY_COOKIE) : undefined;
	if (key) {
		cookies.delete(reportsSvc.NEW_KEY_COOKIE, { path });
		setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
	}
	return {
		isNew: url.searchParams.has('new'),
		// the reporter has just answered "fixed / not fixed" through a single-use link
		answered: url.searchParams.has('answered'),
		privateLink: key && keys.KEY_RE.test(key) ? `${url.origin}${localizeHref(keys.privatePath(key))}` : null,
		hasContact: !!keys.contactAddress(r.report.contact),
		...reportsSvc.trackingView(db, r.report, getLocale() === 'en')
	};
};

export const actions: Actions = {
	flag: async ({ params, getClientAddress }) => {
		const r = reportsSvc.flag(getDb(), params.code, getClientAddress());
		if (!r.ok && r.error === 'limited') return fail(429, { flagError: 'limited' });
		return { flagged: true };
	},
	/** lost link: a one-time code to the contact on file */
	sendcode: async ({ params, getClientAddress, setHeaders }) => {
		const db = getDb();
		const r = reportsSvc.lookup(db, params.code, getClientAddress());
		if (!r.ok) return fail(r.error === 'limited' ? 429 : 404, { codeError: r.error });
		const s = keys.sendCode(db, r.report, getClientAddress());
		if (!s.ok) {
			if (s.retryAfter) setHeaders({ 'retry-after': String(s.retryAfter) });
			return fail(s.error === 'limited' ? 429 : 400, { codeError: s.error });
		}
		return { codeSent: s.to };
	},
	redeem: async ({ params, request, getClientAddress, setHeaders }) => {
		const db = getDb();
		const f = parseForm(redeemForm, await request.formData(), ['code']);
		if (!f.ok) return fail(400, { codeError: 'wrong', codeSent: 'again' });
		const r = reportsSvc.lookup(db, params.code, getClientAddress());
		if (!r.ok) return fail(r.error === 'limited' ? 429 : 404, { codeError: r.error });
		const k = keys.redeemCode(db, r.report, f.data.code, getClientAddress());
		if (!k.ok) {
			if (k.retryAfter) setHeaders({ 'retry-after': String(k.retryAfter) });
			return fail(k.error === 'limited' ? 429 : 400, { codeError: k.error, codeSent: 'again' });
		}
		redirect(303, `${localizeHref(keys.privatePath(k.key))}?new=1`);
	},
	follow: async ({ params, request, getClientAddress }) => {
		const f = parseForm(followForm, await request.formData(), ['email']);
		const email = f.ok ? f.data.email : '';
		if (!f.ok) return fail(400, { followError: 'email', followEmail: '' });
		const r = follow.request(getDb(), params.code, email, getLocale(), getClientAddress());
		if (!r.ok) {
			if (r.error === 'not_found') error(404, 'not_found');
			return fail(r.error === 'limited' ? 429 : 400, { followError: r.error, followEmail: email.slice(0, 200) });
		}
		return { followRequested: true };
	}
};
