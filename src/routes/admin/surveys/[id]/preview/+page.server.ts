import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { L, viewQuestion } from '$lib/server/surveys/view';
import { getLocale } from '$lib/paraglide/runtime';

/** Every page of the survey as a respondent sees it (any status, drafts included); nothing can be sent. */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'surveys.manage');
	const s = svc.byId(getDb(), Number(event.params.id));
	if (!s) error(404, 'not_found');
	const en = getLocale() === 'en';
	const def = s.definition;
	return {
		id: s.id,
		title: en ? s.titleEn : s.titleZh,
		collector: en ? s.collectorEn : s.collectorZh,
		pages: def.sections.map((sec) => ({
			code: sec.code,
			title: L(sec, en),
			questions: sec.questions.map((q) => viewQuestion(def, sec, q, en))
		}))
	};
};
