import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as reportsAdmin from '$lib/server/reports/admin';
import { DEPARTMENTS, REPORT_CATEGORIES } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';
import { seeOther, doneOf } from '$lib/server/prg';
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
		const f = await event.request.formData();
		const r = reportsAdmin.addRule(getDb(), user.id, {
			category: String(f.get('category') ?? ''),
			zoneKind: String(f.get('zoneKind') ?? ''),
			department: String(f.get('department') ?? '')
		});
		if (!r.ok) return fail(400, { error: r.error });
		seeOther(event, 'saved');
	},
	remove: async (event) => {
		const user = requirePermission(event, 'routing.manage');
		reportsAdmin.removeRule(getDb(), user.id, Number((await event.request.formData()).get('id')));
		seeOther(event, 'saved');
	}
};
