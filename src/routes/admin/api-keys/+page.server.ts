import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as open311 from '$lib/server/reports/open311';
import { seeOther, seeOtherWith, takeFlash } from '$lib/server/prg';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'api_keys.manage');
	return {
		// the new key is shown once, right after the redirect; reloading the page does not issue another
		key: takeFlash<string>(event),
		keys: open311
			.keys(getDb())
			.map((k) => ({ id: k.id, name: k.name, createdAt: k.createdAt.getTime(), revoked: !!k.revokedAt }))
	};
};

export const actions: Actions = {
	issue: async (event) => {
		const user = requirePermission(event, 'api_keys.manage');
		const name = String((await event.request.formData()).get('name') ?? '');
		const { key } = open311.issueKey(getDb(), user.id, name);
		seeOtherWith(event, 'issued', key);
	},
	revoke: async (event) => {
		const user = requirePermission(event, 'api_keys.manage');
		open311.revokeKey(getDb(), user.id, Number((await event.request.formData()).get('id')));
		seeOther(event, 'revoked');
	}
};
