import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as criteria from '$lib/server/cells/criteria';
import * as cells from '$lib/server/cells/service';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { criteriaSaveForm } from '$lib/server/cells/forms';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'cells.criteria');
	const v = criteria.getVersion(getDb(), Number(event.params.vid));
	if (!v) error(404, 'not_found');
	return {
		done: doneOf(event.url),
		version: { id: v.id, cellType: v.cellType, version: v.version, status: v.status },
		json: JSON.stringify(v.definition, null, 2),
		def: v.definition,
		type: cells.cellTypesForPages().find((t) => t.code === v.cellType)!
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = requirePermission(event, 'cells.criteria');
		const f = parseForm(criteriaSaveForm, await event.request.formData(), ['definition']);
		const json = f.ok ? f.data.definition : '';
		const r = criteria.saveDraft(getDb(), user.id, Number(event.params.vid), json);
		if (!r.ok) return fail(400, { error: r.error, detail: r.detail ?? null, json });
		seeOther(event, 'saved');
	},
	publish: async (event) => {
		const user = requirePermission(event, 'cells.criteria');
		const r = criteria.publish(getDb(), user.id, Number(event.params.vid));
		if (!r.ok) return fail(400, { error: r.error });
		seeOther(event, 'published');
	}
};
