import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as reportsSvc from '$lib/server/reports/service';
import codes from '$lib/server/reference/codes.json';
import { getLocale } from '$lib/paraglide/runtime';
import { config } from '$lib/server/config';

export const load: PageServerLoad = () => {
	const en = getLocale() === 'en';
	const cat = new Map(codes.report_categories.map((c) => [c.code, en ? c.en : c.zh]));
	const town = new Map(codes.towns.map((t) => [t.code, en ? t.en : t.zh]));
	return {
		tileUrl: config.tileUrl,
		reports: reportsSvc
			.publicList(getDb(), 100)
			.map((r) => ({ ...r, category: cat.get(r.category) ?? r.category, town: town.get(r.townCode) ?? r.townCode }))
	};
};
