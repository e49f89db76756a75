import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as cells from '$lib/server/cells/service';

const headers = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };

/**
 * Machine-readable verification: {"status","organisation","type","certifiedOn","expiresOn"}, plus
 * "revokedOn" and "reason" when revoked. An unknown token (a forged or mistyped QR code) is
 * 404 {"status":"invalid"}, so a scanner app can say so rather than show a page error.
 */
export const GET: RequestHandler = ({ params }) => {
	const v = cells.verify(getDb(), params.token);
	if (!v) return json({ status: 'invalid' }, { status: 404, headers });
	return json(
		{
			status: v.status,
			organisation: v.organisation,
			type: v.type,
			certifiedOn: v.certifiedOn,
			expiresOn: v.expiresOn,
			...(v.status === 'revoked' ? { revokedOn: v.revokedOn, reason: v.revokedReason } : {})
		},
		{ headers }
	);
};
