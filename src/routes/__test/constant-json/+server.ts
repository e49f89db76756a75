import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';

/**
 * Benchmarks only (MIYUN_TEST_MODE=1): the framework's floor — a constant JSON body of a given size
 * (?bytes=N) through every hook, the same path treatment as /api/*.
 */
const cache = new Map<number, string>();
export const GET: RequestHandler = ({ url }) => {
	if (!config.testMode) error(404, 'not_found');
	const n = Math.min(Math.max(Number(url.searchParams.get('bytes')) || 1500, 20), 100000);
	let body = cache.get(n);
	if (!body) {
		body = JSON.stringify({ query: '', results: [], pad: 'x'.repeat(Math.max(0, n - 40)) });
		cache.set(n, body);
	}
	return new Response(body, { headers: { 'content-type': 'application/json' } });
};
