import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as files from '$lib/server/files';

/**
 * Serves a stored file only when its owning feature says this user (or visitor) may see it.
 * Unknown and forbidden files both answer 404, so ids cannot be probed.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const db = getDb();
	const file = files.get(db, params.id);
	if (!file || !files.mayView(db, file, locals.user)) error(404, 'not_found');
	const body = await files.read(file);
	const headers: Record<string, string> = {
		'content-type': file.mime,
		'content-length': String(body.byteLength),
		'x-content-type-options': 'nosniff',
		'cache-control': 'private, max-age=3600',
		'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
	};
	if (file.kind === 'document') {
		const name = file.originalName ?? `${file.id}.pdf`;
		headers['content-disposition'] = `attachment; filename="${file.id}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`;
	} else {
		headers['content-disposition'] = 'inline';
	}
	return new Response(new Uint8Array(body), { headers });
};
