import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { getLocale } from '$lib/paraglide/runtime';

const NATURE: Record<string, string> = { binding: '约束性', expected: '预期性' };

export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	const today = districtDay(now());
	const plan = dashboard.getPlan(db, url.searchParams.get('plan'));
	if (!plan) error(404, 'not_found');
	const department = url.searchParams.get('department') || null;
	const natureCode = url.searchParams.get('nature') || null;
	const all = dashboard.indicators(db, plan, {}, today);
	const shown = all.filter(
		(v) =>
			(!department || v.row.responsible.includes(department)) && (!natureCode || v.row.nature === NATURE[natureCode])
	);
	const count = (s: string) => all.filter((v) => v.status === s).length;
	const departments = [...new Set(all.flatMap((v) => v.row.responsible))];
	const names = present.departmentNames(getLocale() === 'en');
	return {
		plan: present.plan(plan, today),
		plans: dashboard.listPlans(db).map((p) => present.plan(p, today)),
		indicators: shown.map(present.pageIndicator),
		total: all.length,
		counts: {
			met: count('met'),
			on_track: count('on_track'),
			behind: count('behind'),
			not_met: count('not_met'),
			in_progress: count('in_progress'),
			too_few: count('too_few'),
			no_data: count('no_data')
		},
		filters: { department, nature: natureCode },
		departments: departments.filter((d) => names[d]).sort((a, b) => names[a].localeCompare(names[b], 'zh-CN')),
		names
	};
};
