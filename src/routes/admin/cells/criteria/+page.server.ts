import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as criteria from '$lib/server/cells/criteria';
import * as cells from '$lib/server/cells/service';
import { localizeHref } from '$lib/paraglide/runtime';

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
		const form = await event.request.formData();
		const r = criteria.createDraft(getDb(), user.id, String(form.get('type') ?? ''));
		if (!r.ok) return fail(400, { error: r.error });
		redirect(303, localizeHref(`/admin/cells/criteria/${r.id}`));
	}
};
