import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { error } from '@sveltejs/kit';

/** The figures and tasks this member of staff keeps: those of their department (admin: all). */
export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'admin.enter');
	const db = getDb();
	const today = districtDay(now());
	const plan = dashboard.getPlan(db, event.url.searchParams.get('plan'));
	if (!plan) error(404, 'not_found');
	return {
		plan: present.plan(plan, today),
		indicators: dashboard
			.indicators(db, plan, {}, today)
			.filter((v) => dashboard.mayRecord(user, v.row))
			.map(present.pageIndicator),
		tasks: dashboard
			.tasks(db, plan, {}, today)
			.filter((t) => dashboard.mayUpdateTask(user, t.row))
			.map(present.pageTask)
	};
};
