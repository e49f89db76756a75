import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import * as reportsSvc from '$lib/server/reports/service';
import * as keys from '$lib/server/reports/keys';
import * as rights from '$lib/server/privacy/rights';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { parseForm, textValues } from '$lib/server/forms';
import { followUpForm, infoForm } from '$lib/server/reports/forms';
import { rightsForm } from '$lib/server/privacy/forms';

/**
 * The reporter's own page, reached only through the private link (or a follow-up link): what the
 * public tracking page shows, plus their contact, "fixed / not fixed", adding a photo or
 * information, and a personal-data request about the report. The key is in the path, so the
 * page is never cached and no Referer carrying it leaves the site (same-origin: its own form
 * posts keep their Origin, which the CSRF check needs).
 */
function opened(event: RequestEvent, page = false) {
	// once per response: an action's answer is rendered by the load, which sets them
	if (page)
		event.setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin', 'x-robots-tag': 'noindex' });
	const o = keys.open(getDb(), event.params.key, event.getClientAddress());
	if (!o.ok) {
		if (o.error === 'limited') {
			event.setHeaders({ 'retry-after': String(o.retryAfter) });
			error(429, 'limited');
		}
		error(404, 'not_found');
	}
	return o;
}

export const load: PageServerLoad = (event) => {
	const o = opened(event, true);
	return {
		isNew: event.url.searchParams.has('new'),
		single: o.kind === 'followup',
		contact: o.report.contact,
		...reportsSvc.trackingView(getDb(), o.report, getLocale() === 'en')
	};
};

export const actions: Actions = {
	followup: async (event) => {
		const o = opened(event);
		const f = parseForm(followUpForm, await event.request.formData(), ['fixed', 'note']);
		if (!f.ok) return fail(400, { followupError: 'not_resolved' });
		const r = reportsSvc.followUp(getDb(), o, f.data.fixed, f.data.note);
		if (!r.ok) return fail(400, { followupError: r.error });
		// a single-use link is spent by the answer: thank them on the public page it cannot reopen
		if (o.kind === 'followup') redirect(303, `${localizeHref(`/report/track/${o.report.code}`)}?answered=1`);
		return { followedUp: true };
	},
	photo: async (event) => {
		const o = opened(event);
		const f = (await event.request.formData()).get('photo');
		const r = await reportsSvc.addPhoto(
			getDb(),
			o,
			f instanceof File && f.size > 0 ? { bytes: new Uint8Array(await f.arrayBuffer()), name: f.name } : null,
			event.getClientAddress()
		);
		if (!r.ok) return fail(r.error === 'limited' ? 429 : 400, { photoError: r.error });
		return { photoAdded: true };
	},
	info: async (event) => {
		const o = opened(event);
		const f = parseForm(infoForm, await event.request.formData(), ['info']);
		if (!f.ok) return fail(400, { infoError: 'required', info: '' });
		const r = reportsSvc.addInfo(getDb(), o, f.data.info, event.getClientAddress());
		if (!r.ok) return fail(r.error === 'limited' ? 429 : 400, { infoError: r.error, info: f.data.info.slice(0, 1000) });
		return { infoAdded: true };
	},
	rights: async (event) => {
		const o = opened(event);
		const form = await event.request.formData();
		// the report is the one this page is about, whatever the form says
		const values = { ...textValues(form, ['kind', 'details', 'contact']), trackingCode: o.report.code };
		const f = parseForm(rightsForm, values);
		if (!f.ok) return fail(400, { rightsErrors: f.errors, rights: values });
		const r = rights.submit(getDb(), f.data, null, event.getClientAddress(), getLocale(), 'key');
		if (!r.ok) {
			if ('error' in r) return fail(429, { rightsError: 'limited', rights: values });
			return fail(400, { rightsErrors: r.fields, rights: values });
		}
		return { rightsRef: r.ref, rightsDue: r.dueDay };
	}
};
