import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';

export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	const today = districtDay(now());
	const plan = dashboard.getPlan(db, url.searchParams.get('plan'));
	if (!plan) error(404, 'not_found');
	const inds = dashboard.indicators(db, plan, {}, today);
	const tasks = dashboard.tasks(db, plan, {}, today);
	const by = <T>(xs: T[], key: (x: T) => string) =>
		xs.reduce<Record<string, number>>((a, x) => ((a[key(x)] = (a[key(x)] ?? 0) + 1), a), {});
	return {
		plan: present.plan(plan, today),
		plans: dashboard.listPlans(db).map((p) => present.plan(p, today)),
		indicatorStatus: by(inds, (v) => v.status),
		binding: {
			total: inds.filter((v) => v.row.nature === '约束性').length,
			met: inds.filter((v) => v.row.nature === '约束性' && v.status === 'met').length,
			// nobody has reported a figure yet: said as 未填报, not counted as missed
			unreported: inds.filter((v) => v.row.nature === '约束性' && v.status === 'no_data').length
		},
		indicatorTotal: inds.length,
		taskStatus: by(tasks, (t) => t.status),
		taskOverdue: tasks.filter((t) => t.overdue).length,
		taskTotal: tasks.length,
		themes: dashboard.themes(db, plan.code).map((th) => ({
			code: th.code,
			zh: th.zh,
			en: th.en,
			n: tasks.filter((t) => t.row.theme === th.code).length,
			done: tasks.filter((t) => t.row.theme === th.code && t.status === 'done').length
		}))
	};
};
