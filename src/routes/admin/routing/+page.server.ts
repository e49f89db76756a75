import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as reportsAdmin from '$lib/server/reports/admin';
import { DEPARTMENTS, REPORT_CATEGORIES } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { routingRuleForm, rowForm } from '$lib/server/reports/forms';
import { nameIn } from '$lib/text';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'routing.manage');
	const en = getLocale() === 'en';
	return {
		done: doneOf(event.url),
		rules: reportsAdmin.rules(getDb()),
		categories: REPORT_CATEGORIES.map((c) => ({ code: c.code, name: nameIn(c, en) })),
		departments: DEPARTMENTS.map((d) => ({ code: d.code, name: nameIn(d, en) })),
		zoneKinds: reportsAdmin.ZONE_KINDS
	};
};

export const actions: Actions = {
	add: async (event) => {
		const user = requirePermission(event, 'routing.manage');
		const f = parseForm(routingRuleForm, await event.request.formData(), ['category', 'zoneKind', 'department']);
		if (!f.ok) return fail(400, { error: 'invalid' });
		const r = reportsAdmin.addRule(getDb(), user.id, f.data);
		if (!r.ok) return fail(400, { error: r.error });
		seeOther(event, 'saved');
	},
	remove: async (event) => {
		const user = requirePermission(event, 'routing.manage');
		const f = parseForm(rowForm, await event.request.formData(), ['id']);
		if (f.ok) reportsAdmin.removeRule(getDb(), user.id, f.data.id);
		seeOther(event, 'saved');
	}
};
