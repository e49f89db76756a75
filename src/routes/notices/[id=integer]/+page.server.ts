import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as noticesSvc from '$lib/server/notices/service';
import { can } from '$lib/server/auth/permissions';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = ({ params, locals }) => {
	const db = getDb();
	const id = Number(params.id);
	// staff may preview a draft; everyone else sees published notices only
	const n = can(locals.user, 'notices.manage') ? noticesSvc.get(db, id) : noticesSvc.getPublished(db, id);
	if (!n) error(404, 'not_found');
	const en = getLocale() === 'en';
	const body = en ? n.bodyEn : n.bodyZh;
	return {
		notice: {
			id: n.id,
			title: en ? n.titleEn : n.titleZh,
			html: noticesSvc.render(body),
			summary: body
				.replace(/[#*_>`[\]()-]/g, '')
				.replace(/\s+/g, ' ')
				.trim()
				.slice(0, 120),
			status: n.status,
			publishedAt: n.publishedAt?.toISOString() ?? null,
			fileId: n.fileId
		}
	};
};
