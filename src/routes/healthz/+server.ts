import type { RequestHandler } from './$types';
import { ping } from '$lib/server/db';

// Never rate-limited, no locale redirect (hooks skip it), never cached.
export const GET: RequestHandler = () => {
	const ok = ping();
	return new Response(JSON.stringify({ status: ok ? 'ok' : 'error' }), {
		status: ok ? 200 : 503,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
	});
};
