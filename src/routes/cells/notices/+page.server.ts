import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as cells from '$lib/server/cells/service';
import { config } from '$lib/server/config';

/** 公示: applications recommended for recognition, open for objections for 7 days. */
export const load: PageServerLoad = () => ({
	notices: cells.notices(getDb()),
	types: cells.cellTypesForPages(),
	days: config.cellNoticeDays
});

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const form = await request.formData();
		const id = Number(form.get('id'));
		const reason = String(form.get('reason') ?? '');
		const contact = String(form.get('contact') ?? '');
		const r = cells.fileObjection(getDb(), id, reason, contact, getClientAddress());
		if (!r.ok) return fail(r.error === 'limited' ? 429 : 400, { id, error: r.error, reason, contact });
		return { id, filed: true };
	}
};
