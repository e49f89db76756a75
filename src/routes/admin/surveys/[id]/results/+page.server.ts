import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { reviewList, tallies } from '$lib/server/surveys/results';
import * as reviews from '$lib/server/surveys/review';
import { seeOther, doneOf } from '$lib/server/prg';
import { L } from '$lib/server/surveys/view';
import { getLocale } from '$lib/paraglide/runtime';
import { RESPONDENT_GROUPS, TOWNS } from '$lib/server/reference';
import { parseForm } from '$lib/server/forms';
import { responseReviewForm } from '$lib/server/surveys/forms';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'surveys.manage');
	const s = svc.byId(getDb(), Number(event.params.id));
	if (!s) error(404, 'not found');
	const en = getLocale() === 'en';
	const q = event.url.searchParams;
	const town = TOWNS.some((t) => t.code === q.get('town')) ? q.get('town') : null;
	const group = RESPONDENT_GROUPS.some((g) => g.code === q.get('group')) ? q.get('group') : null;
	const flagged = q.get('flagged') === '1';
	const t = tallies(getDb(), s, { town, group, flagged });
	const r = reviewList(getDb(), s);
	return {
		done: doneOf(event.url),
		survey: { id: s.id, title: en ? s.titleEn : s.titleZh },
		// flagged and excluded responses with their state, and the survey's quality counts
		review: r.list,
		quality: r.quality,
		filters: { town: town ?? '', group: group ?? '', flagged },
		towns: TOWNS.map((x) => ({ code: x.code, name: L(x, en) })),
		groups: RESPONDENT_GROUPS.map((x) => ({ code: x.code, name: L(x, en) })),
		total: t.total,
		questions: t.tallies.map((x) => ({
			code: x.question.code,
			type: x.question.type,
			text: L(x.question, en),
			answered: x.answered,
			mean: x.mean ?? null,
			options: (x.options ?? []).map((o) => ({ code: o.code, label: L(o, en), count: o.count })),
			rows: (x.rows ?? []).map((r) => ({
				code: r.code,
				label: L(r, en),
				options: r.options.map((o) => ({
					code: o.code,
					label: L(
						x.question.options!.find((qo) => qo.code === o.code)!,
						en
					),
					count: o.count
				}))
			}))
		}))
	};
};

export const actions: Actions = {
	/** Exclude a flagged response from the figures (with a reason) or count it again; audited. */
	review: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const s = svc.byId(getDb(), Number(event.params.id));
		if (!s) error(404, 'not found');
		const f = parseForm(responseReviewForm, await event.request.formData(), ['response', 'action', 'reason']);
		if (!f.ok) return fail(400, { reviewError: 'not_found', response: '', reason: '' });
		const { response: publicId, action, reason } = f.data;
		const r = reviews.review(getDb(), user.id, s.id, publicId, action, reason);
		if (!r.ok) return fail(r.error === 'conflict' ? 409 : 400, { reviewError: r.error, response: publicId, reason });
		seeOther(event, action === 'exclude' ? 'excluded' : 'included');
	}
};
