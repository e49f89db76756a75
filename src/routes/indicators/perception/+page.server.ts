import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { perceptionDetail } from '$lib/server/surveys/indicators';
import { findQuestion } from '$lib/server/surveys/definition';
import { L } from '$lib/server/surveys/view';
import { getLocale } from '$lib/paraglide/runtime';
import { TOWNS } from '$lib/server/reference';

export const load: PageServerLoad = ({ url }) => {
	const en = getLocale() === 'en';
	const d = perceptionDetail(getDb(), url.searchParams.get('survey') ?? undefined);
	if (!d) return { detail: null };
	const def = d.survey.definition;
	const mapping = d.mapping.map((mp) => {
		const q = findQuestion(def, mp.question);
		const label = (c: string) => {
			const o = q?.options?.find((x) => x.code === c);
			return o ? L(o, en) : c;
		};
		return {
			no: mp.no,
			question: q ? L(q, en) : mp.question,
			counts: mp.anyOf.map(label),
			basic: mp.basic ? label(mp.basic) : null
		};
	});
	const townName = (c: string) => {
		const t = TOWNS.find((x) => x.code === c);
		return t ? L(t, en) : c;
	};
	return {
		detail: {
			report: d.report,
			title: en ? d.survey.titleEn : d.survey.titleZh,
			status: d.survey.status,
			mapping,
			groups: d.groups,
			missingTowns: d.missingTowns.map(townName),
			populationIsSample: d.populationIsSample,
			responses: d.responses,
			excluded: d.excludedResponses,
			excludedAttention: d.excluded.attention ?? 0,
			excludedStaff: d.excluded.staff ?? 0,
			// responses with a review flag; kept in the figures unless staff excluded them
			flagged: d.flaggedResponses
		}
	};
};
