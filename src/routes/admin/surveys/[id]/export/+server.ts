import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { exportCsv } from '$lib/server/surveys/results';
import { RESPONDENT_GROUPS, TOWNS } from '$lib/server/reference';

/** Answers as CSV (UTF-8 with BOM, the import format): random respondent ids, no identifiers. */
export const GET: RequestHandler = (event) => {
	requirePermission(event, 'surveys.manage');
	const s = svc.byId(getDb(), Number(event.params.id));
	if (!s) error(404, 'not found');
	const q = event.url.searchParams;
	const town = TOWNS.some((t) => t.code === q.get('town')) ? q.get('town') : null;
	const group = RESPONDENT_GROUPS.some((g) => g.code === q.get('group')) ? q.get('group') : null;
	return new Response(exportCsv(getDb(), s, { town, group }), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="survey-${s.slug}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
