import type { LayoutServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guard';
import { delivering } from '$lib/server/outbox/senders';
import * as antivirus from '$lib/server/files/antivirus';

// Pages only: every action and endpoint under /admin checks again for itself.
export const load: LayoutServerLoad = (event) => {
	const user = requirePermission(event, 'admin.enter');
	const d = delivering();
	return {
		staff: { displayName: user.displayName, role: user.role, department: user.departmentCode },
		notDelivering: !d.email && !d.sms,
		notScanning: !antivirus.enabled()
	};
};
