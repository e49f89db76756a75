import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as cal from '$lib/server/calendar/admin';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { seeOther, doneOf } from '$lib/server/prg';

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
		const form = await event.request.formData();
		const values = Object.fromEntries(['day', 'kind', 'nameZh', 'nameEn'].map((k) => [k, String(form.get(k) ?? '')]));
		const r = cal.saveDay(getDb(), user.id, values);
		if (!r.ok) return fail(400, { values, errors: r.fields });
		seeOther(event, 'saved');
	},
	remove: async (event) => {
		const user = requirePermission(event, 'calendar.manage');
		cal.removeDay(getDb(), user.id, String((await event.request.formData()).get('day') ?? ''));
		seeOther(event, 'saved');
	},
	confirm: async (event) => {
		const user = requirePermission(event, 'calendar.manage');
		const n = cal.confirmYear(getDb(), user.id, String((await event.request.formData()).get('year') ?? ''));
		seeOther(event, `confirmed:${n}`);
	}
};
