import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as noticesSvc from '$lib/server/notices/service';
import { readNoticeForm } from '$lib/server/notices/form';
import * as files from '$lib/server/files';
import { seeOther, doneOf } from '$lib/server/prg';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'notices.manage');
	const n = noticesSvc.get(getDb(), Number(event.params.id));
	if (!n) error(404, 'not_found');
	return {
		notice: {
			id: n.id,
			titleZh: n.titleZh,
			titleEn: n.titleEn,
			bodyZh: n.bodyZh,
			bodyEn: n.bodyEn,
			status: n.status,
			fileId: n.fileId
		},
		done: doneOf(event.url)
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = requirePermission(event, 'notices.manage');
		const f = await readNoticeForm(await event.request.formData());
		if (!f.ok) return fail(400, { values: f.values, errors: f.errors });
		const r = noticesSvc.update(getDb(), user, Number(event.params.id), f.input, f.document);
		if (!r.ok) {
			if (f.document) await files.discard([f.document]);
			error(r.error === 'forbidden' ? 403 : 404, r.error);
		}
		seeOther(event, 'saved');
	},
	publish: async (event) => {
		const user = requirePermission(event, 'notices.manage');
		const r = noticesSvc.transition(getDb(), user, Number(event.params.id), 'publish');
		if (!r.ok)
			return fail(r.error === 'not_found' ? 404 : r.error === 'conflict' ? 409 : 400, { transitionError: r.error });
		seeOther(event, 'published');
	},
	unpublish: async (event) => {
		const user = requirePermission(event, 'notices.manage');
		const r = noticesSvc.transition(getDb(), user, Number(event.params.id), 'unpublish');
		if (!r.ok)
			return fail(r.error === 'not_found' ? 404 : r.error === 'conflict' ? 409 : 400, { transitionError: r.error });
		seeOther(event, 'unpublished');
	}
};
