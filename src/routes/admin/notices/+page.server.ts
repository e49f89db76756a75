import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as noticesSvc from '$lib/server/notices/service';
import { readNoticeForm } from '$lib/server/notices/form';
import { localizeHref } from '$lib/paraglide/runtime';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'notices.manage');
	return {
		notices: noticesSvc.all(getDb()).map((n) => ({
			id: n.id,
			titleZh: n.titleZh,
			titleEn: n.titleEn,
			status: n.status,
			updatedAt: n.updatedAt.toISOString()
		}))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePermission(event, 'notices.manage');
		const f = await readNoticeForm(await event.request.formData());
		if (!f.ok) return fail(400, { values: f.values, errors: f.errors });
		const r = noticesSvc.create(getDb(), user, f.input, f.document);
		if (!r.ok) error(403, r.error);
		redirect(303, localizeHref(`/admin/notices/${r.id}`) + '?done=created');
	}
};
