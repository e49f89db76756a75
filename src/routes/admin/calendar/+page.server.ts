import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as cal from '$lib/server/calendar/admin';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { confirmYearForm, dayForm, DAY_FIELDS, removeDayForm } from '$lib/server/calendar/forms';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'calendar.manage');
	const db = getDb();
	const thisYear = districtDay(now()).slice(0, 4);
	const year = /^\d{4}$/.test(event.url.searchParams.get('year') ?? '')
		? event.url.searchParams.get('year')!
		: String(Number(thisYear) + 1);
	return { year, years: cal.years(db), days: cal.list(db, year), done: doneOf(event.url) };
};

export const actions: Actions = {
	save: async (event) => {
		const user = requirePermission(event, 'calendar.manage');
		const f = parseForm(dayForm, await event.request.formData(), DAY_FIELDS);
		if (!f.ok) return fail(400, { values: f.values, errors: f.errors });
		const r = cal.saveDay(getDb(), user.id, f.data);
		if (!r.ok) return fail(400, { values: f.values, errors: r.fields });
		seeOther(event, 'saved');
	},
	remove: async (event) => {
		const user = requirePermission(event, 'calendar.manage');
		const f = parseForm(removeDayForm, await event.request.formData(), ['day']);
		if (f.ok) cal.removeDay(getDb(), user.id, f.data.day);
		seeOther(event, 'saved');
	},
	confirm: async (event) => {
		const user = requirePermission(event, 'calendar.manage');
		const f = parseForm(confirmYearForm, await event.request.formData(), ['year']);
		const n = f.ok ? cal.confirmYear(getDb(), user.id, f.data.year) : 0;
		seeOther(event, `confirmed:${n}`);
	}
};
