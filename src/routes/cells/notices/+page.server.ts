import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as cells from '$lib/server/cells/service';
import { config } from '$lib/server/config';
import { parseForm } from '$lib/server/forms';
import { objectionForm } from '$lib/server/cells/forms';

/** 公示: applications recommended for recognition, open for objections for 7 days. */
export const load: PageServerLoad = () => ({
	notices: cells.notices(getDb()),
	types: cells.cellTypesForPages(),
	days: config.cellNoticeDays
});

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const f = parseForm(objectionForm, await request.formData(), ['id', 'reason', 'contact']);
		const id = Number(f.values.id);
		const reason = String(f.values.reason);
		const contact = String(f.values.contact);
		if (!f.ok) return fail(400, { id, error: Object.values(f.errors)[0], reason, contact });
		const r = cells.fileObjection(getDb(), f.data.id, f.data.reason, f.data.contact, getClientAddress());
		if (!r.ok) return fail(r.error === 'limited' ? 429 : 400, { id, error: r.error, reason, contact });
		return { id, filed: true };
	}
};
