import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as reportsSvc from '$lib/server/reports/service';
import * as reportZones from '$lib/server/reports/reference';
import * as reference from '$lib/server/reference';
import { config } from '$lib/server/config';
import { requestIsSecure } from '$lib/server/http/scope';
import { REPORT_CATEGORIES } from '$lib/server/reference';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { reportForm, REPORT_FIELDS } from '$lib/server/reports/forms';
import { nameIn } from '$lib/text';

export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	const en = getLocale() === 'en';
	const place = url.searchParams.get('place') ?? '';
	const category = url.searchParams.get('category') ?? '';
	return {
		maxBytes: config.uploadMaxBytes,
		tileUrl: config.tileUrl,
		categories: REPORT_CATEGORIES.map((c) => ({ code: c.code, name: nameIn(c, en) })),
		towns: reference.towns(db).map((t) => ({ code: `town:${t.code}`, name: nameIn(t, en) })),
		zones: reportZones.zones(db).map((z) => ({ code: z.code, name: nameIn(z, en) })),
		// QR deep links: /report?place=<code>&category=<code>
		prefill: { place, category }
	};
};

export const actions: Actions = {
	default: async ({ request, getClientAddress, cookies, setHeaders }) => {
		const form = await request.formData();
		const photos: { bytes: Uint8Array; name: string }[] = [];
		for (const f of form.getAll('photos')) {
			if (f instanceof File && f.size > 0) photos.push({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name });
		}
		const f = parseForm(reportForm, form, REPORT_FIELDS);
		const values = f.values;
		if (!f.ok) {
			const photoError = reportsSvc.photoError(photos.length);
			const errors = photoError ? { ...f.errors, photos: photoError } : f.errors;
			return fail(400, { values, errors, error: 'invalid', hadPhotos: photos.length > 0, duplicate: null });
		}
		const r = await reportsSvc.submit(getDb(), f.data, photos, getClientAddress(), getLocale());
		if (!r.ok) {
			const status = r.error === 'limited' ? 429 : 400;
			if (r.retryAfter) setHeaders({ 'retry-after': String(r.retryAfter) });
			return fail(status, {
				values,
				errors: r.fields,
				error: r.error,
				hadPhotos: photos.length > 0,
				duplicate: r.duplicate ?? null
			});
		}
		// the private key is shown once, on the confirmation page: a short-lived cookie carries it there
		cookies.set(reportsSvc.NEW_KEY_COOKIE, r.key, {
			path: localizeHref(`/report/track/${r.code}`),
			httpOnly: true,
			sameSite: 'lax',
			secure: requestIsSecure(),
			maxAge: 600
		});
		redirect(303, localizeHref(`/report/track/${r.code}?new=1`));
	}
};
