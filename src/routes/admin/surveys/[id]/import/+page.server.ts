import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { commitImport, decode, previewImport } from '$lib/server/surveys/import';
import { getLocale } from '$lib/paraglide/runtime';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { importCsvForm } from '$lib/server/surveys/forms';

const MAX_CSV = 4 * 1024 * 1024;

function surveyOf(event: RequestEvent) {
	const s = svc.byId(getDb(), Number(event.params.id));
	if (!s) error(404, 'not found');
	return s;
}

async function csvFrom(event: RequestEvent): Promise<string | null> {
	const form = await event.request.formData();
	const file = form.get('file');
	if (file instanceof File && file.size > 0)
		return file.size > MAX_CSV ? null : decode(new Uint8Array(await file.arrayBuffer()));
	const f = parseForm(importCsvForm, form, ['csv']);
	const text = f.ok ? f.data.csv : '';
	return text.length > MAX_CSV ? null : text.replace(/^\uFEFF/, '');
}

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'surveys.manage');
	const s = surveyOf(event);
	return {
		done: doneOf(event.url),
		survey: { id: s.id, title: getLocale() === 'en' ? s.titleEn : s.titleZh, slug: s.slug }
	};
};

export const actions: Actions = {
	preview: async (event) => {
		requirePermission(event, 'surveys.manage');
		const s = surveyOf(event);
		const csv = await csvFrom(event);
		if (csv === null) return fail(413, { tooLarge: true, csv: '' });
		return { preview: previewImport(getDb(), s.id, csv), csv };
	},
	commit: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const s = surveyOf(event);
		const csv = await csvFrom(event);
		if (csv === null) return fail(413, { tooLarge: true, csv: '' });
		const r = commitImport(getDb(), { type: 'user', id: user.id }, s.id, csv);
		if (!r.ok) return fail(400, { preview: r.preview, csv });
		seeOther(event, `imported:${r.imported}`);
	}
};
