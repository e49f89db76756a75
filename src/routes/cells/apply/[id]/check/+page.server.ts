import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ownApplication, view } from '$lib/server/cells/pages';
import * as cells from '$lib/server/cells/service';
import { localizeHref } from '$lib/paraglide/runtime';

export const load: PageServerLoad = (event) => {
	const { db, app } = ownApplication(event);
	return view(db, app, false);
};

export const actions: Actions = {
	default: async (event) => {
		const { user, db, app } = ownApplication(event);
		const r = cells.transition(db, user, app.id, app.status === 'info_requested' ? 'resubmit' : 'submit');
		if (!r.ok) return fail(400, { error: r.error });
		redirect(303, localizeHref(`/cells/apply/${app.id}?sent=1`));
	}
};
