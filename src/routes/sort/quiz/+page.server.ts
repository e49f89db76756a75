import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as sorting from '$lib/server/sorting/service';
import { categoryName } from '$lib/server/sorting/present';
import { getLocale } from '$lib/paraglide/runtime';

const BINS = ['kitchen', 'recyclable', 'hazardous', 'other'];

function shape(slugs: string[]) {
	const db = getDb();
	const en = getLocale() === 'en';
	return sorting.itemsBySlugs(db, slugs).map((i) => ({ slug: i.slug, name: en ? i.en[0] : i.zh }));
}

export const load: PageServerLoad = () => {
	const db = getDb();
	const locale = getLocale();
	const cats = sorting.categories(db);
	return {
		questions: shape(sorting.quizItems(db, 10).map((i) => i.slug)),
		bins: BINS.map((code) => ({ code, name: categoryName(cats, code, locale) }))
	};
};

export const actions: Actions = {
	default: async ({ request }) => {
		const form = await request.formData();
		const slugs = [...new Set(form.getAll('item').map(String))].slice(0, 10);
		const db = getDb();
		const questions = shape(slugs);
		const answers = Object.fromEntries(questions.map((q) => [q.slug, String(form.get(`a-${q.slug}`) ?? '')]));
		if (questions.length === 0) return fail(400, { questions, answers, incomplete: true });
		if (questions.some((q) => !BINS.includes(answers[q.slug])))
			return fail(400, { questions, answers, incomplete: true });
		const locale = getLocale();
		const cats = sorting.categories(db);
		const truth = new Map(sorting.itemsBySlugs(db, slugs).map((i) => [i.slug, i.category]));
		const marked = questions.map((q) => ({
			...q,
			answer: answers[q.slug],
			correct: truth.get(q.slug)!,
			correctName: categoryName(cats, truth.get(q.slug)!, locale),
			right: truth.get(q.slug) === answers[q.slug]
		}));
		return { questions, answers, marked, score: marked.filter((x) => x.right).length };
	}
};
