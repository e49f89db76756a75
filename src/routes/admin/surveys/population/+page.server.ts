import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { getLocale } from '$lib/paraglide/runtime';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { populationForm } from '$lib/server/surveys/forms';
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
		const table = svc.populationTable(getDb());
		const towns = table.map((r) => r.town);
		const f = parseForm(populationForm(towns), await event.request.formData(), towns);
		if (!f.ok) return fail(400, { bad: towns.filter((t) => t in f.errors) });
		const values = svc.changedPopulation(table, f.data as Record<string, number | null>);
		if (Object.keys(values).length) svc.setPopulation(getDb(), user.id, values);
		seeOther(event, `saved:${Object.keys(values).length}`);
	}
};
