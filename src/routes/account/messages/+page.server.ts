import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as prefs from '$lib/server/outbox/prefs';

export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'account.own');
	return { prefs: prefs.list(getDb(), user), sms: prefs.smsAllowed(user) };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePermission(event, 'account.own');
		prefs.save(getDb(), user, await event.request.formData());
		return { saved: true };
	}
};
