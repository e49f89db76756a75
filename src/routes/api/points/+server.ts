import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as pointsSvc from '$lib/server/points/service';
import { m } from '$lib/paraglide/messages';

/**
 * GET /api/points?type=&material=&town=&near=lat,lng&limit= → GeoJSON FeatureCollection
 * (application/geo+json, coordinates [lng, lat]); nearest first with distanceM when `near` is given.
 * Malformed near or unknown codes → 400 {error}; limit clamped to 1–500 (default 50).
 */
export const GET: RequestHandler = ({ url }) => {
	const p = pointsSvc.parseFilters(url.searchParams);
	if (!p.ok) {
		const error =
			p.error === 'bad_near'
				? m.api_error_bad_near({}, { locale: 'en' })
				: p.error === 'bad_limit'
					? m.api_error_bad_limit({}, { locale: 'en' })
					: m.api_error_unknown_code({ value: p.value }, { locale: 'en' });
		return json({ error }, { status: 400 });
	}
	const r = pointsSvc.find(getDb(), { ...p.filters, from: null });
	return new Response(JSON.stringify(pointsSvc.toGeoJSON(r.results, p.filters.near !== null)), {
		headers: { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'public, max-age=60' }
	});
};
