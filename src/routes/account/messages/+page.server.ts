import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as prefs from '$lib/server/outbox/prefs';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'account.own');
	const db = getDb();
	// until the user chooses, the form offers the language they are reading this page in
	return {
		prefs: prefs.list(db, user),
		sms: prefs.smsAllowed(user),
		locale: prefs.chosenLocale(db, user) ?? (getLocale() === 'en' ? 'en' : 'zh-CN')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePermission(event, 'account.own');
		prefs.save(getDb(), user, await event.request.formData());
		return { saved: true };
	}
};
