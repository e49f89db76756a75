import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as sorting from '$lib/server/sorting/service';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = () => {
	const db = getDb();
	const en = getLocale() === 'en';
	return {
		categories: sorting.categories(db).map((c) => ({ code: c.code, name: en ? c.en : c.zh })),
		headlines: dashboard.headlines(db).map(present.pageIndicator),
		surveys: [] as { slug: string; titleZh: string; titleEn: string }[]
	};
};
