import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import { parseTaskForm } from '$lib/server/indicators/forms';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { localizeHref } from '$lib/paraglide/runtime';

function target(event: RequestEvent) {
	const db = getDb();
	const plan = dashboard.getPlan(db, event.url.searchParams.get('plan'));
	const t = plan && dashboard.tasks(db, plan).find((x) => x.row.no === Number(event.params.no));
	if (!plan || !t) error(404, 'not_found');
	const user = requirePermission(event, 'tasks.update', { departments: t.row.lead });
	return { db, plan, t, user };
}

export const load: PageServerLoad = (event) => {
	const { db, plan, t } = target(event);
	return {
		task: present.pageTask(t),
		history: dashboard
			.taskHistory(db, plan.code, t.row.no)
			.map((u) => ({ id: u.id, status: u.status, note: u.note, day: u.day })),
		today: districtDay(now())
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { db, plan, t, user } = target(event);
		const parsed = parseTaskForm(await event.request.formData(), districtDay(now()));
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const r = dashboard.updateTask(db, user, plan.code, t.row.no, parsed.input);
		if (!r.ok) error(r.error === 'forbidden' ? 403 : 404, r.error);
		redirect(303, localizeHref('/plan/tasks') + `?plan=${plan.code}#task-${t.row.no}`);
	}
};
