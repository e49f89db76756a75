import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { stats, period } from '$lib/server/reports/stats';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';

/**
 * GET /api/reports/stats?from=YYYY-MM-DD&to=YYYY-MM-DD (Asia/Shanghai, both inclusive; default the
 * last 12 months): indicator 52 (办结率 = resolved ÷ accepted) with timing figures and breakdowns.
 */
export const GET: RequestHandler = ({ url }) => {
	const p = period(url.searchParams.get('from'), url.searchParams.get('to'), districtDay(now()));
	if (!p) return json({ error: 'from and to must be dates YYYY-MM-DD with from ≤ to' }, { status: 400 });
	return json(stats(getDb(), p.from, p.to), { headers: { 'cache-control': 'public, max-age=60' } });
};
