import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = ({ url, locals }) => {
	const db = getDb();
	const today = districtDay(now());
	const plan = dashboard.getPlan(db, url.searchParams.get('plan'));
	if (!plan) error(404, 'not_found');
	const department = url.searchParams.get('department') || null;
	const theme = url.searchParams.get('theme') || null;
	const all = dashboard.tasks(db, plan, {}, today);
	// one read; the filter is applied to it rather than querying again
	const shown = all.filter((t) => dashboard.taskMatches(t.row, { department, theme }));
	const names = present.departmentNames(getLocale() === 'en');
	const departments = [...new Set(all.flatMap((t) => [...t.row.lead, ...t.row.responsible]))];
	return {
		plan: present.plan(plan, today),
		multiplePlans: dashboard.listPlans(db).length > 1,
		themes: dashboard.themes(db, plan.code).map((th) => ({ code: th.code, zh: th.zh, en: th.en })),
		tasks: shown.map((t) => ({
			...present.pageTask(t),
			mayUpdate: !!locals.user && dashboard.mayUpdateTask(locals.user, t.row)
		})),
		total: all.length,
		overdue: shown.filter((t) => t.overdue).length,
		filters: { department, theme },
		departments: departments.sort((a, b) => (names[a] ?? a).localeCompare(names[b] ?? b, 'zh-CN')),
		names
	};
};
