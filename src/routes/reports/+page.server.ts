import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as reportsSvc from '$lib/server/reports/service';
import * as names from '$lib/server/reports/names';
import { REPORT_CATEGORIES, TOWNS } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';
import { config } from '$lib/server/config';
import { STATUS } from '$lib/reports/labels';

/** The public list with thumbnails, filtered by category, town and status through a plain GET form. */
export const load: PageServerLoad = ({ url }) => {
	const en = getLocale() === 'en';
	const cat = new Map(REPORT_CATEGORIES.map((c) => [c.code, en ? c.en : c.zh]));
	const town = new Map(TOWNS.map((t) => [t.code, en ? t.en : t.zh]));
	// only known values filter; anything else is ignored rather than an error
	const pick = (k: string, known: (v: string) => boolean) => {
		const v = url.searchParams.get(k) ?? '';
		return known(v) ? v : '';
	};
	const filter = {
		category: pick('category', (v) => cat.has(v)),
		town: pick('town', (v) => town.has(v)),
		status: pick('status', (v) => Object.hasOwn(STATUS, v))
	};
	const db = getDb();
	const list = reportsSvc.publicList(db, 100, filter);
	const thumbs = names.thumbnailsByCode(
		db,
		list.map((r) => r.code)
	);
	return {
		tileUrl: config.tileUrl,
		filter,
		filtered: !!(filter.category || filter.town || filter.status),
		categories: [...cat].map(([code, name]) => ({ code, name })),
		towns: [...town].map(([code, name]) => ({ code, name })),
		statuses: Object.keys(STATUS),
		reports: list.map((r) => ({
			...r,
			category: cat.get(r.category) ?? r.category,
			town: town.get(r.townCode) ?? r.townCode,
			thumb: thumbs[r.code] ?? null
		}))
	};
};
