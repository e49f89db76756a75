import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as cells from '$lib/server/cells/service';

/** Public verification by QR: valid / expired / revoked, computed now. Unknown tokens: 404. */
export const load: PageServerLoad = ({ params, setHeaders }) => {
	const v = cells.verify(getDb(), params.token);
	if (!v) error(404, 'not_found');
	setHeaders({ 'cache-control': 'no-store' });
	return { v, type: cells.cellTypesForPages().find((t) => t.code === v.type)!, token: params.token };
};
