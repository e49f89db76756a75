import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { reviewedApplication, view } from '$lib/server/cells/pages';
import * as cells from '$lib/server/cells/service';
import { actionsFor } from '$lib/server/cells/workflow';
import { districtDay, addDays } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { dismissForm, reviewForm, reviewScores, transitionForm } from '$lib/server/cells/forms';

export const load: PageServerLoad = (event) => {
	const { db, app } = reviewedApplication(event);
	const v = view(db, app, true);
	return {
		...v,
		done: doneOf(event.url),
		actions: actionsFor(app.status, 'reviewer'),
		today: districtDay(now()),
		defaultDue: addDays(districtDay(now()), 15),
		noticeOver: !!app.noticeEndsAt && app.noticeEndsAt.getTime() <= now().getTime()
	};
};

export const actions: Actions = {
	score: async (event) => {
		const { user, db, app } = reviewedApplication(event);
		// the scores are named after the criteria: the service checks them against the definition
		const { values, comments } = reviewScores(parseForm(reviewForm, await event.request.formData()).values);
		const r = cells.saveReview(db, user, app.id, values, comments);
		if (!r.ok) return fail(400, { error: r.error });
		if (Object.keys(r.errors).length) return fail(400, { scoreErrors: r.errors });
		seeOther(event, 'scored');
	},
	transition: async (event) => {
		const { user, db, app } = reviewedApplication(event);
		const f = parseForm(transitionForm, await event.request.formData());
		if (!f.ok) return fail(400, { error: 'invalid', reason: '', findings: '' });
		const { action, objection, ...rest } = f.data;
		const input = { ...rest, objectionId: objection };
		const r = cells.transition(db, user, app.id, action, input);
		if (!r.ok) return fail(400, { error: r.error, reason: input.reason, findings: input.findings });
		seeOther(event, r.status);
	},
	dismiss: async (event) => {
		const { user, db, app } = reviewedApplication(event);
		const f = parseForm(dismissForm, await event.request.formData(), ['objection', 'reason']);
		if (!f.ok) return fail(400, { error: 'not_found' });
		const r = cells.dismissObjection(db, user, app.id, f.data.objection, f.data.reason);
		if (!r.ok) return fail(400, { error: r.error });
		seeOther(event, 'dismissed');
	}
};
