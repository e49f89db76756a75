import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import codes from '$lib/server/reference/codes.json';

export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'admin.enter');
	return {
		canAudit: can(user, 'audit.view'),
		canSorting: can(user, 'sorting.manage'),
		canPoints: can(user, 'points.manage'),
		canCalendar: can(user, 'calendar.manage'),
		canKeys: can(user, 'api_keys.manage'),
		canRouting: can(user, 'routing.manage'),
		canCells:
			user.role === 'admin' ||
			codes.cell_types.some((t) => !!user.departmentCode && t.lead.includes(user.departmentCode)),
		canCriteria: can(user, 'cells.criteria'),
		canPrivacy: can(user, 'privacy.manage'),
		canOutbox: can(user, 'outbox.manage'),
		canSurveys: can(user, 'surveys.manage'),
		canUsers: can(user, 'users.manage')
	};
};
