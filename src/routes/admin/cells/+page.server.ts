import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import * as cells from '$lib/server/cells/service';

/** The review queue: applications of the types whose lead department this member belongs to. */
export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'admin.enter');
	const status = event.url.searchParams.get('status') ?? '';
	return {
		status,
		types: cells.cellTypesForPages(),
		canCriteria: can(user, 'cells.criteria'),
		rows: cells.queue(getDb(), user, status || undefined).map((r) => ({
			id: r.app.id,
			caseNo: r.app.caseNo,
			orgName: r.orgName,
			cellType: r.app.cellType,
			status: r.app.status,
			updatedAt: r.app.updatedAt.getTime(),
			noticeEndsAt: r.app.noticeEndsAt?.getTime() ?? null
		}))
	};
};
