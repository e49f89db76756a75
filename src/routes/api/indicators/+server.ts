import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as dashboard from '$lib/server/indicators/service';
import * as present from '$lib/server/indicators/present';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';

/**
 * GET /api/indicators[?plan=CODE] — the plan (default: the current one) and all its indicators
 * with the latest figure and status. Live figures are computed from the site's records.
 */
export const GET: RequestHandler = ({ url }) => {
	const db = getDb();
	const today = districtDay(now());
	const plan = dashboard.getPlan(db, url.searchParams.get('plan'));
	if (!plan) return json({ error: 'unknown plan', plans: dashboard.listPlans(db).map((p) => p.code) }, { status: 404 });
	return json(
		{
			plan: present.plan(plan, today),
			indicators: dashboard.indicators(db, plan, {}, today).map(present.apiIndicator)
		},
		{ headers: { 'cache-control': 'public, max-age=60' } }
	);
};
