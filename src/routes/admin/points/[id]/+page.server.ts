import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import Papa from 'papaparse';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as admin from '$lib/server/points/admin';
import * as pointsSvc from '$lib/server/points/service';
import { MATERIAL_KEYS, POINT_TYPES, TOWNS } from '$lib/server/reference';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { pointForm, POINT_FIELDS } from '$lib/server/points/forms';
import { nameIn } from '$lib/text';

/** /admin/points/new creates; /admin/points/<id> edits. One form, checked by the same rules as a CSV row. */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'points.manage');
	const en = getLocale() === 'en';
	const isNew = event.params.id === 'new';
	const p = isNew ? undefined : pointsSvc.get(getDb(), event.params.id);
	if (!isNew && !p) error(404, 'not_found');
	const values: Record<string, string> = p
		? {
				id: p.id,
				name_zh: p.nameZh,
				name_en: p.nameEn,
				type: p.type,
				materials: p.materials.join(';'),
				address_zh: p.addressZh,
				address_en: p.addressEn,
				town: p.townCode,
				lat: String(p.lat),
				lng: String(p.lng),
				coord_system: 'wgs84',
				opening_hours: p.openingHours ?? '',
				operator_zh: p.operatorZh ?? '',
				operator_en: p.operatorEn ?? '',
				phone: p.phone ?? '',
				notes_zh: p.notes?.zh ?? '',
				notes_en: p.notes?.en ?? ''
			}
		: { coord_system: 'wgs84' };
	return {
		isNew,
		isSample: p?.isSample ?? false,
		values,
		types: POINT_TYPES.map((t) => ({ code: t.code, name: nameIn(t, en) })),
		towns: TOWNS.map((t) => ({ code: t.code, name: nameIn(t, en) })),
		materials: MATERIAL_KEYS
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePermission(event, 'points.manage');
		const f = parseForm(pointForm, await event.request.formData(), POINT_FIELDS);
		if (!f.ok) return fail(400, { values: f.values, errors: f.errors });
		const values: Record<string, string> = { ...f.data };
		if (event.params.id !== 'new') values.id = event.params.id;
		const existing = event.params.id === 'new' ? undefined : pointsSvc.get(getDb(), event.params.id);
		const row: Record<string, string> = { ...values, is_sample: existing?.isSample ? 'true' : 'false' };
		const csv = Papa.unparse({ fields: [...admin.CSV_COLUMNS], data: [admin.CSV_COLUMNS.map((c) => row[c] ?? '')] });
		if (event.params.id === 'new' && existing === undefined && pointsSvc.get(getDb(), values.id)) {
			return fail(400, { values, errors: { id: 'duplicate_id' } as Record<string, string> });
		}
		const r = admin.commitImport(getDb(), user.id, csv);
		if (!r.ok) {
			const errors: Record<string, string> = {};
			for (const e of r.preview.errors) errors[e.column] ??= e.error;
			for (const c of r.preview.missingColumns) errors[c] ??= 'required';
			return fail(400, { values, errors });
		}
		redirect(303, localizeHref(`/points/${values.id}`));
	}
};
