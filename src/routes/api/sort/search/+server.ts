import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as sorting from '$lib/server/sorting/service';
import { categoryName } from '$lib/server/sorting/present';
import { m } from '$lib/paraglide/messages';
import { nameIn } from '$lib/text';

/**
 * GET /api/sort/search?q=QUERY[&lang=en] → {query, results: [{id, name, nameEn, category,
 * categoryName, instructions, score}]}, best first, at most 20. Empty query → empty results;
 * over 100 characters → 400 {error}. `lang` picks only the language of categoryName/instructions.
 */
export const GET: RequestHandler = ({ url }) => {
	const db = getDb();
	const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh-CN';
	const r = sorting.search(db, url.searchParams.get('q'));
	if (!r.ok) return json({ error: m.api_error_too_long({}, { locale: lang }) }, { status: 400 });
	const cats = sorting.categories(db);
	const items = sorting.itemsBySlugs(
		db,
		r.hits.map((h) => h.slug)
	);
	const score = new Map(r.hits.map((h) => [h.slug, h.score]));
	return json(
		{
			query: r.query,
			results: items.map((it) => ({
				id: it.slug,
				name: it.zh,
				nameEn: it.en[0],
				category: it.category,
				categoryName: categoryName(cats, it.category, lang),
				instructions: nameIn(it.instructions, lang),
				score: score.get(it.slug)
			}))
		},
		{ headers: { 'cache-control': 'public, max-age=60' } }
	);
};
