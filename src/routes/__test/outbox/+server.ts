import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as outbox from '$lib/server/outbox';

/** Test-only: the outbox rows for a recipient (what the log sender "delivered"). */
export const GET: RequestHandler = ({ url }) => {
	if (!config.testMode) error(404, 'not_found');
	// delivered rows are scrubbed of links; the test copy is what the recipient received
	return json(
		outbox
			.listFor(getDb(), url.searchParams.get('to') ?? '')
			.map((r) => ({ ...r, body: outbox.deliveredBody(r.id) ?? r.body }))
	);
};
