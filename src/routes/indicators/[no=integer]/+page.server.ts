import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = ({ url, params, locals }) => {
	const db = getDb();
	const today = districtDay(now());
	const plan = dashboard.getPlan(db, url.searchParams.get('plan'));
	if (!plan) error(404, 'not_found');
	const v = dashboard.indicator(db, plan, Number(params.no), today);
	if (!v) error(404, 'not_found');
	return {
		plan: present.plan(plan, today),
		multiplePlans: dashboard.listPlans(db).length > 1,
		indicator: present.pageIndicator(v),
		// every recorded figure, newest first; superseded ones stay visible with the correction's reason
		values: v.values.map((x) => ({
			id: x.id,
			value: x.value,
			valueText: x.valueText,
			achieved: x.achieved,
			asOf: x.asOf,
			periodFrom: x.periodFrom,
			periodTo: x.periodTo,
			source: x.source,
			fileId: x.fileId,
			superseded: !!x.supersededAt,
			correctsId: x.correctsId,
			correctionReason: x.correctionReason
		})),
		recorded: url.searchParams.get('recorded') === '1',
		mayRecord: !!locals.user && dashboard.mayRecord(locals.user, v.row),
		names: present.departmentNames(getLocale() === 'en')
	};
};
