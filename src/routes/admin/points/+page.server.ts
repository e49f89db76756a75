import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as admin from '$lib/server/points/admin';
import { getLocale } from '$lib/paraglide/runtime';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { csvForm, visibilityForm } from '$lib/server/points/forms';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'points.manage');
	const en = getLocale() === 'en';
	return {
		done: doneOf(event.url),
		points: admin.listAll(getDb()).map((p) => ({
			id: p.id,
			name: en ? p.nameEn : p.nameZh,
			town: p.townCode,
			type: p.type,
			hidden: p.hidden,
			isSample: p.isSample
		}))
	};
};

const MAX_CSV = 2 * 1024 * 1024;

async function csvFrom(event: RequestEvent): Promise<string | null> {
	const form = await event.request.formData();
	const file = form.get('file');
	if (file instanceof File && file.size > 0)
		return file.size > MAX_CSV ? null : admin.decodeCsv(new Uint8Array(await file.arrayBuffer()));
	const f = parseForm(csvForm, form, ['csv']);
	const text = f.ok ? f.data.csv : '';
	return text.length > MAX_CSV ? null : text;
}

export const actions: Actions = {
	preview: async (event) => {
		requirePermission(event, 'points.manage');
		const csv = await csvFrom(event);
		if (csv === null) return fail(413, { preview: null, csv: '', tooLarge: true });
		const preview = admin.previewImport(getDb(), csv);
		return { preview, csv };
	},
	commit: async (event) => {
		const user = requirePermission(event, 'points.manage');
		const csv = await csvFrom(event);
		if (csv === null) return fail(413, { preview: null, csv: '', tooLarge: true });
		const r = admin.commitImport(getDb(), user.id, csv);
		if (!r.ok) return fail(400, { preview: r.preview, csv });
		seeOther(event, `imported:${r.created}:${r.updated}`);
	},
	visibility: async (event) => {
		const user = requirePermission(event, 'points.manage');
		const f = parseForm(visibilityForm, await event.request.formData(), ['id', 'hidden']);
		if (f.ok) admin.setHidden(getDb(), user.id, f.data.id, f.data.hidden);
		seeOther(event, 'visibility');
	}
};
