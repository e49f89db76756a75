import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as sorting from '$lib/server/sorting/service';
import { categoryName } from '$lib/server/sorting/present';
import { getLocale } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { QUIZ_BINS, QUIZ_SIZE, quizAnswersForm, quizItemsForm } from '$lib/server/sorting/forms';

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
		questions: shape(sorting.quizItems(db, QUIZ_SIZE).map((i) => i.slug)),
		bins: QUIZ_BINS.map((code) => ({ code, name: categoryName(cats, code, locale) }))
	};
};

export const actions: Actions = {
	default: async ({ request }) => {
		const form = await request.formData();
		const items = parseForm(quizItemsForm, form, ['item']);
		const slugs = items.ok ? items.data.item : [];
		const db = getDb();
		const questions = shape(slugs);
		const names = questions.map((q) => `a-${q.slug}`);
		const f = parseForm(quizAnswersForm(questions.map((q) => q.slug)), form, names);
		const given = (slug: string) => f.values[`a-${slug}`];
		const answers = Object.fromEntries(questions.map((q) => [q.slug, String([given(q.slug)].flat()[0] ?? '')]));
		if (questions.length === 0 || !f.ok) return fail(400, { questions, answers, incomplete: true });
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
