import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as reportsSvc from '$lib/server/reports/service';
import { REPORT_CATEGORIES } from '$lib/server/reference';
import * as reportsAdmin from '$lib/server/reports/admin';
import { config } from '$lib/server/config';
import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import * as names from '$lib/server/reports/names';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { bulkForm, decideForm } from '$lib/server/reports/forms';
import { nameIn } from '$lib/text';

export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'admin.enter');
	const en = getLocale() === 'en';
	const status = event.url.searchParams.get('status') ?? '';
	const triage = event.url.searchParams.has('triage');
	const overdueOnly = event.url.searchParams.has('overdue');
	const category = event.url.searchParams.get('category') ?? '';
	const zoneKind = event.url.searchParams.get('zone') ?? '';
	let rows = reportsSvc.queue(getDb(), user, { status, triage, category, zoneKind });
	if (overdueOnly) rows = rows.filter((r) => reportsSvc.isOverdue(r));
	const cat = new Map(REPORT_CATEGORIES.map((c) => [c.code, nameIn(c, en)]));
	const thumbs = names.thumbnails(
		getDb(),
		rows.map((r) => r.id)
	);
	const done = doneOf(event.url);
	const bulk = /^bulk:(\d+):(\d+)$/.exec(done ?? '');
	return {
		done,
		bulk: bulk ? { done: Number(bulk[1]), of: Number(bulk[2]) } : null,
		isAdmin: user.role === 'admin',
		category,
		zoneKind,
		categories: REPORT_CATEGORIES.map((c) => ({ code: c.code, name: nameIn(c, en) })),
		extensions: user.role === 'admin' ? reportsAdmin.pendingExtensions(getDb()) : [],
		status,
		triage,
		overdueOnly,
		tileUrl: config.tileUrl,
		rows: rows.map((r) => ({
			lat: r.lat,
			lng: r.lng,
			code: r.code,
			status: r.status,
			category: cat.get(r.category) ?? r.category,
			createdAt: r.createdAt.getTime(),
			due: r.dueAt ? reportsSvc.dueLabel(r.dueAt) : null,
			overdue: reportsSvc.isOverdue(r),
			department: r.departmentCode,
			excerpt: r.description.length > 80 ? `${r.description.slice(0, 80)}…` : r.description,
			thumb: thumbs[r.id] ?? null
		}))
	};
};

export const actions: Actions = {
	/** bulk accept or assign: each report goes through the same checked transition */
	bulk: async (event) => {
		const user = requirePermission(event, 'admin.enter');
		const f = parseForm(bulkForm, await event.request.formData(), ['action', 'code', 'assignee']);
		if (!f.ok) return fail(400, { error: 'illegal' });
		const { action, code: codesSel, assignee } = f.data;
		let done = 0;
		for (const code of codesSel) {
			const r = await reportsSvc.transition(getDb(), user, code, action, { assignee });
			if (r.ok) done++;
		}
		seeOther(event, `bulk:${done}:${codesSel.length}`);
	},
	decide: async (event) => {
		const user = requirePermission(event, 'admin.enter');
		const f = parseForm(decideForm, await event.request.formData(), ['id', 'approve']);
		if (!f.ok) return fail(400, { error: 'not_found' });
		const r = reportsAdmin.decideExtension(getDb(), user, f.data.id, f.data.approve);
		if (!r.ok) return fail(r.error === 'forbidden' ? 403 : 400, { error: r.error });
		seeOther(event, 'decided');
	}
};
