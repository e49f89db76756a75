import type { RequestHandler } from './$types';
import * as sorting from '$lib/server/sorting/service';

/**
 * The guide's search index for the browser (searched locally as the visitor types, and offline).
 * Revalidated with an ETag that changes whenever the items change.
 */
export const GET: RequestHandler = ({ request }) => {
	const idx = sorting.index();
	const headers = { etag: idx.etag, 'cache-control': 'public, max-age=0, must-revalidate', vary: 'accept-encoding' };
	if (request.headers.get('if-none-match') === idx.etag) return new Response(null, { status: 304, headers });
	return new Response(idx.json, { headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
};
