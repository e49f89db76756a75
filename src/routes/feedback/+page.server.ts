import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as feedback from '$lib/server/privacy/feedback';
import { safeNext } from '$lib/server/auth/login-flow';
import { parseForm } from '$lib/server/forms';
import { feedbackForm } from '$lib/server/privacy/forms';

export const load: PageServerLoad = ({ url }) => ({ page: safeNext(url.searchParams.get('page'), '') });

export const actions: Actions = {
	default: async ({ request, getClientAddress, setHeaders }) => {
		const f = parseForm(feedbackForm, await request.formData(), feedback.FIELDS);
		const values = f.values;
		if (!f.ok) return fail(400, { values, errors: f.errors });
		const r = feedback.submit(getDb(), f.data, getClientAddress());
		if (!r.ok && 'retryAfter' in r) setHeaders({ 'retry-after': String(r.retryAfter) });
		if (!r.ok) return fail('error' in r ? 429 : 400, { values, errors: 'error' in r ? { form: r.error } : r.fields });
		return { done: true };
	}
};
