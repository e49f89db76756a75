import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as open311 from '$lib/server/reports/open311';
import { seeOther, seeOtherWith, takeFlash } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { apiKeyForm, rowForm } from '$lib/server/reports/forms';

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
		const f = parseForm(apiKeyForm, await event.request.formData(), ['name']);
		const { key } = open311.issueKey(getDb(), user.id, f.ok ? f.data.name : '');
		seeOtherWith(event, 'issued', key);
	},
	revoke: async (event) => {
		const user = requirePermission(event, 'api_keys.manage');
		const f = parseForm(rowForm, await event.request.formData(), ['id']);
		if (f.ok) open311.revokeKey(getDb(), user.id, f.data.id);
		seeOther(event, 'revoked');
	}
};
