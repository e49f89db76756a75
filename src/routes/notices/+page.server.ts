import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as noticesSvc from '$lib/server/notices/service';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = () => {
	const en = getLocale() === 'en';
	return {
		notices: noticesSvc
			.published(getDb(), 100)
			.map((n) => ({ id: n.id, title: en ? n.titleEn : n.titleZh, publishedAt: n.publishedAt!.toISOString() }))
	};
};
