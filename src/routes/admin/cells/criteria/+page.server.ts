import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as criteria from '$lib/server/cells/criteria';
import * as cells from '$lib/server/cells/service';
import { localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { criteriaDraftForm } from '$lib/server/cells/forms';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'cells.criteria');
	return {
		types: cells.cellTypesForPages(),
		versions: criteria
			.versions(getDb())
			.map((v) => ({ ...v, createdAt: v.createdAt.getTime(), publishedAt: v.publishedAt?.getTime() ?? null }))
	};
};

export const actions: Actions = {
	draft: async (event) => {
		const user = requirePermission(event, 'cells.criteria');
		const f = parseForm(criteriaDraftForm, await event.request.formData(), ['type']);
		if (!f.ok) return fail(400, { error: 'bad_type' });
		const r = criteria.createDraft(getDb(), user.id, f.data.type);
		if (!r.ok) return fail(400, { error: r.error });
		redirect(303, localizeHref(`/admin/cells/criteria/${r.id}`));
	}
};
