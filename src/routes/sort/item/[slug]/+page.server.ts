import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as sorting from '$lib/server/sorting/service';
import { categoryName, summary, variantsOf } from '$lib/server/sorting/present';
import { getLocale } from '$lib/paraglide/runtime';
import { nameIn } from '$lib/text';

/** Categories whose items leave the household bins and need a drop-off point. */
const DROP_OFF = new Set(['hazardous', 'bulky', 'renovation', 'special']);

export const load: PageServerLoad = ({ params }) => {
	const db = getDb();
	const it = sorting.item(db, params.slug);
	if (!it) error(404, 'not_found');
	sorting.countLookup(db, it.slug);
	const locale = getLocale();
	const en = locale === 'en';
	const cats = sorting.categories(db);
	return {
		item: {
			slug: it.slug,
			zh: it.zh,
			en: it.en,
			synonyms: it.synonyms,
			category: it.category,
			categoryName: categoryName(cats, it.category, locale),
			instructions: nameIn(it.instructions, en),
			mistake: it.mistake ? nameIn(it.mistake, en) : null,
			condition: it.condition ? nameIn(it.condition, en) : null,
			parts: it.parts.map((p) => ({
				name: nameIn(p, en),
				category: p.category,
				categoryName: categoryName(cats, p.category, locale)
			})),
			materials: it.materials,
			dropOff: DROP_OFF.has(it.category) && it.materials.length > 0,
			...variantsOf(it, cats, locale)
		},
		related: sorting.related(db, it).map((r) => summary(r, cats, locale))
	};
};
