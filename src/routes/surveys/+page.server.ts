import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { openSurveys } from '$lib/server/surveys/service';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = () => {
	const en = getLocale() === 'en';
	return { surveys: openSurveys(getDb()).map((s) => ({ slug: s.slug, title: en ? s.titleEn : s.titleZh })) };
};
