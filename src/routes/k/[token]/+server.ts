import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { resolveShortLink } from '$lib/server/outbox/notify';

/** An SMS's short link (`/k/<22 characters>`) leads to the page it stands for, while it is valid. */
export const GET: RequestHandler = ({ params }) => {
	const path = resolveShortLink(getDb(), params.token);
	if (!path) error(404, 'not_found');
	redirect(303, path);
};
