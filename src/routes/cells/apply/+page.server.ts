import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as cells from '$lib/server/cells/service';
import * as accounts from '$lib/server/auth/accounts';
import { localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { startForm } from '$lib/server/cells/forms';

export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'cells.apply');
	const db = getDb();
	const org = accounts.getOrganisation(db, user.orgId!)!;
	return {
		org: { name: org.name, type: cells.cellType(org.type) ? org.type : null },
		types: cells.cellTypesForPages(),
		welcome: event.url.searchParams.has('welcome'),
		applications: cells.forOrg(db, org.id).map((a) => ({
			id: a.id,
			caseNo: a.caseNo,
			cellType: a.cellType,
			status: a.status,
			updatedAt: a.updatedAt.getTime(),
			certNo: a.certNo
		}))
	};
};

export const actions: Actions = {
	start: async (event) => {
		const user = requirePermission(event, 'cells.apply');
		const f = parseForm(startForm, await event.request.formData(), ['type', 'renewalOf']);
		if (!f.ok) return fail(400, { error: 'bad_type' });
		const r = cells.start(getDb(), user, f.data.type, f.data.renewalOf);
		if (!r.ok) {
			if (r.error === 'already_open' && r.id) redirect(303, localizeHref(`/cells/apply/${r.id}`));
			return fail(400, { error: r.error });
		}
		redirect(303, localizeHref(`/cells/apply/${r.id}`));
	}
};
