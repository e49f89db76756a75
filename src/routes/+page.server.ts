import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as sorting from '$lib/server/sorting/service';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = () => {
	const en = getLocale() === 'en';
	return { categories: sorting.categories(getDb()).map((c) => ({ code: c.code, name: en ? c.en : c.zh })) };
};
