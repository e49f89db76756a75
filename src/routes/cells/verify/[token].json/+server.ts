import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as cells from '$lib/server/cells/service';

/** Machine-readable verification: {"status","organisation","type","certifiedOn","expiresOn"}. */
export const GET: RequestHandler = ({ params }) => {
	const v = cells.verify(getDb(), params.token);
	if (!v) error(404, 'not_found');
	return json(
		{
			status: v.status,
			organisation: v.organisation,
			type: v.type,
			certifiedOn: v.certifiedOn,
			expiresOn: v.expiresOn
		},
		{ headers: { 'cache-control': 'no-store', 'access-control-allow-origin': '*' } }
	);
};
