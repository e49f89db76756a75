import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import * as files from '$lib/server/files';
import { parseValueForm } from '$lib/server/indicators/forms';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { localizeHref } from '$lib/paraglide/runtime';

function target(event: RequestEvent) {
	const db = getDb();
	const plan = dashboard.getPlan(db, event.url.searchParams.get('plan'));
	const v = plan && dashboard.indicator(db, plan, Number(event.params.no));
	if (!plan || !v) error(404, 'not_found');
	// staff of a responsible department only (admin: any); checked here for the page and the action
	const user = requirePermission(event, 'indicators.record', { departments: v.row.responsible });
	return { db, plan, v, user };
}

export const load: PageServerLoad = (event) => {
	const { plan, v } = target(event);
	return {
		plan: present.plan(plan, districtDay(now())),
		indicator: present.pageIndicator(v),
		current: v.values
			.filter((x) => !x.supersededAt)
			.map((x) => ({ id: x.id, asOf: x.asOf, value: x.value, valueText: x.valueText })),
		today: districtDay(now())
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { db, plan, v, user } = target(event);
		const parsed = await parseValueForm(
			await event.request.formData(),
			v.row.targetKind === 'qualitative',
			districtDay(now())
		);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const r = dashboard.recordValue(db, user, plan.code, v.row.no, parsed.input);
		if (!r.ok) {
			if (parsed.input.document) await files.discard([parsed.input.document]);
			if (r.error === 'forbidden') error(403, 'forbidden');
			return fail(r.error === 'not_found' ? 404 : 400, {
				values: Object.fromEntries(
					Object.entries(parsed.input).map(([k, x]) => [k, x === null || typeof x === 'object' ? '' : String(x)])
				),
				errors: { form: r.error }
			});
		}
		redirect(303, localizeHref(`/indicators/${v.row.no}`) + `?plan=${plan.code}&recorded=1`);
	}
};
