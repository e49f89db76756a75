import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as sorting from '$lib/server/sorting/service';
import { getLocale } from '$lib/paraglide/runtime';
import { nameIn } from '$lib/text';

export const load: PageServerLoad = ({ params }) => {
	const db = getDb();
	const cat = sorting.category(db, params.code);
	if (!cat) error(404, 'not_found');
	const en = getLocale() === 'en';
	return {
		code: cat.code,
		name: nameIn(cat, en),
		items: sorting.itemsInCategory(db, cat.code).map((i) => ({ slug: i.slug, name: en ? i.en[0] : i.zh }))
	};
};
