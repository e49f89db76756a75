import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as admin from '$lib/server/points/admin';

export const GET: RequestHandler = (event) => {
	requirePermission(event, 'points.manage');
	return new Response(admin.exportCsv(getDb()), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="miyun-points.csv"',
			'cache-control': 'no-store'
		}
	});
};
