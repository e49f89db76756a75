import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { reviewedApplication, view } from '$lib/server/cells/pages';
import * as cells from '$lib/server/cells/service';
import { actionsFor } from '$lib/server/cells/workflow';
import { districtDay, addDays } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { seeOther, doneOf } from '$lib/server/prg';

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
		const form = await event.request.formData();
		const values: Record<string, string> = {};
		const comments: Record<string, string> = {};
		for (const [k, v] of form.entries()) {
			if (typeof v !== 'string') continue;
			if (k.startsWith('r_')) values[k.slice(2)] = v;
			if (k.startsWith('c_')) comments[k.slice(2)] = v;
		}
		const r = cells.saveReview(db, user, app.id, values, comments);
		if (!r.ok) return fail(400, { error: r.error });
		if (Object.keys(r.errors).length) return fail(400, { scoreErrors: r.errors });
		seeOther(event, 'scored');
	},
	transition: async (event) => {
		const { user, db, app } = reviewedApplication(event);
		const form = await event.request.formData();
		const input = {
			reason: String(form.get('reason') ?? ''),
			items: form.getAll('items').map(String),
			dueDay: String(form.get('dueDay') ?? ''),
			visitDay: String(form.get('visitDay') ?? ''),
			findings: String(form.get('findings') ?? ''),
			objectionId: Number(form.get('objection')) || undefined
		};
		const r = cells.transition(db, user, app.id, String(form.get('action') ?? ''), input);
		if (!r.ok) return fail(400, { error: r.error, reason: input.reason, findings: input.findings });
		seeOther(event, r.status);
	},
	dismiss: async (event) => {
		const { user, db, app } = reviewedApplication(event);
		const form = await event.request.formData();
		const r = cells.dismissObjection(db, user, app.id, Number(form.get('objection')), String(form.get('reason') ?? ''));
		if (!r.ok) return fail(400, { error: r.error });
		seeOther(event, 'dismissed');
	}
};
