import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { CELL_TYPES } from '$lib/server/reference';
import { getDb } from '$lib/server/db';
import * as calendarAdmin from '$lib/server/calendar/admin';
import { now } from '$lib/server/clock';
import { districtDay } from '$lib/time/zone';

export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'admin.enter');
	const canCalendar = can(user, 'calendar.manage');
	return {
		// from 1 November: next year's holidays not yet confirmed (deadlines would use a guessed calendar)
		calendarUnconfirmed: canCalendar ? calendarAdmin.unconfirmedNextYear(getDb(), districtDay(now())) : null,
		canAudit: can(user, 'audit.view'),
		canSecurity: can(user, 'security.view'),
		canSorting: can(user, 'sorting.manage'),
		canPoints: can(user, 'points.manage'),
		canCalendar,
		canKeys: can(user, 'api_keys.manage'),
		canRouting: can(user, 'routing.manage'),
		canCells:
			user.role === 'admin' || CELL_TYPES.some((t) => !!user.departmentCode && t.lead.includes(user.departmentCode)),
		canCriteria: can(user, 'cells.criteria'),
		canPrivacy: can(user, 'privacy.manage'),
		canOutbox: can(user, 'outbox.manage'),
		canSurveys: can(user, 'surveys.manage'),
		canUsers: can(user, 'users.manage')
	};
};
