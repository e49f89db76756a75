import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ownApplication, view } from '$lib/server/cells/pages';
import * as cells from '$lib/server/cells/service';
import { localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { sectionAnswers, sectionForm } from '$lib/server/cells/forms';

export const load: PageServerLoad = (event) => {
	const { db, app } = ownApplication(event);
	const v = view(db, app, false);
	const i = v.def.sections.findIndex((s) => s.id === event.params.section);
	if (i < 0) error(404, 'not_found');
	if (app.status !== 'draft' && app.status !== 'info_requested') redirect(303, localizeHref(`/cells/apply/${app.id}`));
	// GOV.UK task list: a section that "cannot start yet" is not offered until eligibility is met
	if (v.tasks[i].status === 'cannot_start') redirect(303, localizeHref(`/cells/apply/${app.id}`));
	return { ...v, section: v.def.sections[i], next: v.def.sections[i + 1]?.id ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, db, app } = ownApplication(event);
		const form = await event.request.formData();
		const f = parseForm(sectionForm, form);
		const { values, notes } = sectionAnswers(f.values);
		if (!f.ok) return fail(400, { errors: {}, values, notes });
		const uploads: cells.Upload[] = [];
		for (const [k, v] of form.entries())
			if (k.startsWith('f_') && v instanceof File && v.size > 0)
				uploads.push({ criterionId: k.slice(2), bytes: new Uint8Array(await v.arrayBuffer()), name: v.name });
		const r = await cells.saveSection(db, user, app.id, event.params.section, { values, notes }, uploads);
		if (!r.ok) return fail(r.error === 'locked' ? 409 : 404, { error: r.error, values, notes });
		const remove = f.data.remove;
		if (remove) {
			cells.removeEvidence(db, user, app.id, remove);
			return { saved: true, errors: r.errors };
		}
		if (Object.keys(r.errors).length) return fail(400, { errors: r.errors, values, notes });
		const def = cells.definitionOf(db, app);
		const i = def.sections.findIndex((s) => s.id === event.params.section);
		const next = f.data.then === 'list' ? null : def.sections[i + 1]?.id;
		redirect(
			303,
			localizeHref(next && app.status === 'draft' ? `/cells/apply/${app.id}/${next}` : `/cells/apply/${app.id}`)
		);
	}
};
