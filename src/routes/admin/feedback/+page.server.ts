import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as feedback from '$lib/server/privacy/feedback';
import { maskContact } from '$lib/privacy/mask';
import { safeNext } from '$lib/server/auth/login-flow';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { rowForm } from '$lib/server/privacy/forms';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'privacy.manage');
	return {
		done: doneOf(event.url),
		items: feedback.list(getDb()).map((f) => ({
			id: f.id,
			// rows stored before the path check was tightened are checked again before they become a link
			pageUrl: safeNext(f.pageUrl, '/'),
			kind: f.kind,
			details: f.details,
			contact: maskContact(f.contact),
			status: f.status,
			createdAt: f.createdAt.toISOString()
		}))
	};
};

export const actions: Actions = {
	done: async (event) => {
		const user = requirePermission(event, 'privacy.manage');
		const f = parseForm(rowForm, await event.request.formData(), ['id']);
		const ok = f.ok && feedback.markDone(getDb(), user, f.data.id);
		if (!ok) return fail(400, { error: 'not_found' });
		seeOther(event, 'done');
	}
};
