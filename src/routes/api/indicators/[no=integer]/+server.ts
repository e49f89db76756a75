import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';

/** GET /api/indicators/[no][?plan=CODE] — one indicator with its full history (corrections included). */
export const GET: RequestHandler = ({ url, params }) => {
	const db = getDb();
	const today = districtDay(now());
	const plan = dashboard.getPlan(db, url.searchParams.get('plan'));
	if (!plan) return json({ error: 'unknown plan' }, { status: 404 });
	const v = dashboard.indicator(db, plan, Number(params.no), today);
	if (!v) return json({ error: 'unknown indicator' }, { status: 404 });
	return json(
		{
			plan: present.plan(plan, today),
			indicator: {
				...present.apiIndicator(v),
				history: v.values.map((x) => ({
					id: x.id,
					value: x.value ?? x.valueText,
					achieved: x.achieved,
					date: x.asOf,
					periodFrom: x.periodFrom,
					periodTo: x.periodTo,
					source: x.source,
					document: x.fileId ? `/files/${x.fileId}` : null,
					supersededAt: x.supersededAt?.toISOString() ?? null,
					corrects: x.correctsId,
					correctionReason: x.correctionReason
				}))
			}
		},
		{ headers: { 'cache-control': 'public, max-age=60' } }
	);
};
