import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as files from '$lib/server/files';
import * as app from '$lib/server/app';

/**
 * Serves a stored file only when its owning feature says this user (or visitor) may see it.
 * Unknown and forbidden files both answer 404, so ids cannot be probed.
 */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const db = getDb();
	const file = files.get(db, params.id);
	if (!file || !app.mayViewFile(db, file, locals.user)) error(404, 'not_found');
	// `?size=thumb`: the small version lists show (files.thumbnail); anything not an image gets the file itself
	const thumb = url.searchParams.get('size') === 'thumb' ? await files.thumbnail(file) : null;
	const body = thumb ?? (await files.read(file));
	const headers: Record<string, string> = {
		'content-type': thumb ? 'image/jpeg' : file.mime,
		'content-length': String(body.byteLength),
		'x-content-type-options': 'nosniff',
		'cache-control': 'private, max-age=3600',
		'content-security-policy':
			"sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"
	};
	const original = file.storagePath.startsWith('originals');
	if (file.kind === 'document' || original) {
		// documents and evidence originals are never rendered by the browser
		const ext = file.kind === 'document' ? 'pdf' : (file.mime.split('/')[1] ?? 'bin');
		const name = file.originalName ?? `${file.id}.${ext}`;
		headers['content-disposition'] =
			`attachment; filename="${file.id}.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`;
		headers['cache-control'] = 'private, no-store';
	} else {
		headers['content-disposition'] = 'inline';
	}
	return new Response(new Uint8Array(body), { headers });
};
