import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as rights from '$lib/server/privacy/rights';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'privacy.manage');
	const today = districtDay(now());
	return {
		requests: rights.queue(getDb()).map((r) => ({
			id: r.id,
			ref: r.ref,
			kind: r.kind,
			status: r.status,
			dueDay: r.dueDay,
			overdue: r.status === 'open' && today > r.dueDay,
			by: r.trackingCode ? 'code' : 'account'
		}))
	};
};
