import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { perceptionReport } from '$lib/server/surveys/indicators';

/**
 * GET /api/indicators/perception[?survey=SLUG]: indicators 54–56 from the given perception survey
 * (default: the most recently opened one) — { survey, satisfactionCountsBasic, indicators: [...] }.
 */
export const GET: RequestHandler = ({ url }) => {
	const slug = url.searchParams.get('survey') ?? undefined;
	const r = perceptionReport(getDb(), slug);
	if (!r)
		return json(
			{ error: slug ? 'no perception survey with this slug' : 'no perception survey has been opened' },
			{ status: 404 }
		);
	return json(r, { headers: { 'cache-control': 'public, max-age=60' } });
};
