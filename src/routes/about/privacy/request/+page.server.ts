import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as rights from '$lib/server/privacy/rights';
import { getLocale } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { rightsForm } from '$lib/server/privacy/forms';

export const load: PageServerLoad = ({ url, locals }) => {
	const ref = url.searchParams.get('ref');
	const r = ref ? rights.byRef(getDb(), ref) : undefined;
	return {
		signedIn: !!locals.user,
		// looking up by reference shows the status and the reply, never the request's details
		lookup: ref
			? r
				? { ref: r.ref, status: r.status, dueDay: r.dueDay, reply: r.reply }
				: { ref, status: 'unknown' as const, dueDay: null, reply: null }
			: null,
		code: url.searchParams.get('code') ?? ''
	};
};

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const f = parseForm(rightsForm, await request.formData(), rights.FIELDS);
		const values = f.values;
		if (!f.ok) return fail(400, { values, errors: f.errors });
		const r = rights.submit(getDb(), f.data, locals.user, getClientAddress(), getLocale());
		if (!r.ok) return fail('error' in r ? 429 : 400, { values, errors: 'error' in r ? { form: r.error } : r.fields });
		return { done: { ref: r.ref, dueDay: r.dueDay } };
	}
};
