import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { getLocale } from '$lib/paraglide/runtime';
import { seeOther, doneOf } from '$lib/server/prg';
import { nameIn } from '$lib/text';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'surveys.population');
	const en = getLocale() === 'en';
	return {
		done: doneOf(event.url),
		rows: svc
			.populationTable(getDb())
			.map((r) => ({ town: r.town, name: nameIn(r, en), population: r.population, isSample: r.isSample }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePermission(event, 'surveys.population');
		const form = await event.request.formData();
		const values: Record<string, number> = {};
		const bad: string[] = [];
		for (const r of svc.populationTable(getDb())) {
			const raw = String(form.get(r.town) ?? '').replace(/[\s,]/g, '');
			if (raw === '') continue;
			const n = Number(raw);
			if (!/^\d+$/.test(raw) || n > 5_000_000) bad.push(r.town);
			else if (n !== r.population || r.isSample) values[r.town] = n;
		}
		if (bad.length) return fail(400, { bad });
		if (Object.keys(values).length) svc.setPopulation(getDb(), user.id, values);
		seeOther(event, `saved:${Object.keys(values).length}`);
	}
};
