import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as sorting from '$lib/server/sorting/service';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import * as noticesSvc from '$lib/server/notices/service';
import * as surveysSvc from '$lib/server/surveys/service';
import { getLocale } from '$lib/paraglide/runtime';
import { nameIn } from '$lib/text';

export const load: PageServerLoad = () => {
	const db = getDb();
	const en = getLocale() === 'en';
	return {
		categories: sorting.categories(db).map((c) => ({ code: c.code, name: nameIn(c, en) })),
		headlines: dashboard.headlines(db).map(present.pageIndicator),
		notices: noticesSvc
			.published(db, 3)
			.map((n) => ({ id: n.id, title: en ? n.titleEn : n.titleZh, publishedAt: n.publishedAt!.toISOString() })),
		surveys: surveysSvc.openSurveys(db)
	};
};
