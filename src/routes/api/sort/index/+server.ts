import zlib from 'node:zlib';
import type { RequestHandler } from './$types';
import * as sorting from '$lib/server/sorting/service';

/**
 * The guide's search index for the browser (searched locally as the visitor types, and offline).
 * Revalidated with an ETag that changes whenever the items change; sent compressed (brotli or
 * gzip, computed once per index version) because visitors are often on a weak phone signal.
 */
let packed: { etag: string; br: Buffer; gzip: Buffer } | null = null;

export const GET: RequestHandler = ({ request }) => {
	const idx = sorting.index();
	const headers: Record<string, string> = {
		etag: idx.etag,
		'cache-control': 'public, max-age=0, must-revalidate',
		vary: 'accept-encoding'
	};
	if (request.headers.get('if-none-match') === idx.etag) return new Response(null, { status: 304, headers });
	if (packed?.etag !== idx.etag) {
		packed = {
			etag: idx.etag,
			br: zlib.brotliCompressSync(idx.json, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }),
			gzip: zlib.gzipSync(idx.json, { level: 9 })
		};
	}
	const accept = request.headers.get('accept-encoding') ?? '';
	headers['content-type'] = 'application/json; charset=utf-8';
	if (/\bbr\b/.test(accept))
		return new Response(new Uint8Array(packed.br), { headers: { ...headers, 'content-encoding': 'br' } });
	if (/\bgzip\b/.test(accept))
		return new Response(new Uint8Array(packed.gzip), { headers: { ...headers, 'content-encoding': 'gzip' } });
	return new Response(idx.json, { headers });
};
