import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { tallies } from '$lib/server/surveys/results';
import { L } from '$lib/server/surveys/view';
import { getLocale } from '$lib/paraglide/runtime';
import codes from '$lib/server/reference/codes.json';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'surveys.manage');
	const s = svc.byId(getDb(), Number(event.params.id));
	if (!s) error(404, 'not found');
	const en = getLocale() === 'en';
	const q = event.url.searchParams;
	const town = codes.towns.some((t) => t.code === q.get('town')) ? q.get('town') : null;
	const group = codes.respondent_groups.some((g) => g.code === q.get('group')) ? q.get('group') : null;
	const flagged = q.get('flagged') === '1';
	const t = tallies(getDb(), s, { town, group, flagged });
	return {
		survey: { id: s.id, title: en ? s.titleEn : s.titleZh },
		filters: { town: town ?? '', group: group ?? '', flagged },
		towns: codes.towns.map((x) => ({ code: x.code, name: L(x, en) })),
		groups: codes.respondent_groups.map((x) => ({ code: x.code, name: L(x, en) })),
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
