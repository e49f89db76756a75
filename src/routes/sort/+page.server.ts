import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as sorting from '$lib/server/sorting/service';
import { summary } from '$lib/server/sorting/present';
import { getLocale } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { suggestionForm, SUGGESTION_FIELDS } from '$lib/server/sorting/forms';
import { nameIn } from '$lib/text';

export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	const locale = getLocale();
	const cats = sorting.categories(db);
	const q = url.searchParams.get('q');
	const r = sorting.search(db, q);
	const hits = r.ok
		? sorting.itemsBySlugs(
				db,
				r.hits.map((h) => h.slug)
			)
		: [];
	const searched = r.ok && r.query !== '';
	return {
		query: (q ?? '').slice(0, 200),
		tooLong: !r.ok,
		searched,
		results: hits.map((it) => summary(it, cats, locale)),
		closest: searched && hits.length === 0 ? sorting.closest(db, r.query).map((it) => summary(it, cats, locale)) : [],
		categories: cats.map((c) => ({ code: c.code, name: nameIn(c, locale) })),
		// "有害垃圾", "food waste": the visitor named a category rather than an item
		categoryMatch: searched
			? (cats.find(
					(c) =>
						[c.zh, c.en.toLowerCase(), c.code].includes(r.query.toLowerCase()) ||
						(c.en.toLowerCase().startsWith(r.query.toLowerCase()) && r.query.length >= 4)
				)?.code ?? null)
			: null
	};
};

export const actions: Actions = {
	suggest: async ({ request, getClientAddress }) => {
		const f = parseForm(suggestionForm, await request.formData(), SUGGESTION_FIELDS);
		const values = f.values;
		if (!f.ok) return fail(400, { values, errors: f.errors });
		const r = sorting.suggest(getDb(), f.data, getClientAddress(), getLocale());
		if (!r.ok)
			return fail(r.error === 'limited' ? 429 : 400, {
				values,
				errors: r.error === 'limited' ? { name: 'limited' } : r.fields
			});
		return { suggested: true };
	}
};
