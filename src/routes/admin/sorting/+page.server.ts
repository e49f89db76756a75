import { maskContact } from '$lib/privacy/mask';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as sorting from '$lib/server/sorting/service';
import { MATERIAL_KEYS } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';
import { seeOther, seeOtherWith, doneOf, takeFlash } from '$lib/server/prg';
import { nameIn } from '$lib/text';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'sorting.manage');
	const db = getDb();
	const en = getLocale() === 'en';
	return {
		done: doneOf(event.url),
		// the new item's name and address, for the link in the confirmation (shown once)
		made: takeFlash<{ name?: string; slug: string }>(event),
		suggestions: sorting.suggestions(db, 'new').map((s) => ({
			id: s.id,
			name: s.name,
			description: s.description,
			contact: maskContact(s.contact),
			at: s.createdAt.getTime()
		})),
		categories: sorting.categories(db).map((c) => ({ code: c.code, name: nameIn(c, en) })),
		materials: MATERIAL_KEYS
	};
};

function idOf(form: FormData): number {
	const n = Number(form.get('suggestion'));
	return Number.isInteger(n) && n > 0 ? n : 0;
}

async function staffForm(event: RequestEvent) {
	const user = requirePermission(event, 'sorting.manage');
	return { user, form: await event.request.formData() };
}

export const actions: Actions = {
	add: async (event) => {
		const { user, form } = await staffForm(event);
		const id = idOf(form);
		const raw = {
			zh: String(form.get('zh') ?? ''),
			synonyms: String(form.get('synonyms') ?? ''),
			en: String(form.get('en') ?? ''),
			category: String(form.get('category') ?? ''),
			instructionsZh: String(form.get('instructionsZh') ?? ''),
			instructionsEn: String(form.get('instructionsEn') ?? ''),
			materials: form.getAll('materials').map(String)
		};
		const r = sorting.addItem(getDb(), user.id, id, raw);
		if (!r.ok)
			return fail(r.error === 'invalid' ? 400 : 409, {
				id,
				action: 'add',
				values: raw,
				errors: r.error === 'invalid' ? r.fields : { form: r.error }
			});
		seeOtherWith(event, 'added', { name: raw.zh, slug: r.slug });
	},
	merge: async (event) => {
		const { user, form } = await staffForm(event);
		const id = idOf(form);
		const db = getDb();
		const target = sorting.findItem(db, String(form.get('target') ?? ''));
		if (!target)
			return fail(400, {
				id,
				action: 'merge',
				values: { target: String(form.get('target') ?? '') },
				errors: { target: 'choose' }
			});
		const r = sorting.mergeAsSynonym(db, user.id, id, target.slug, String(form.get('name') ?? '') || undefined);
		if (!r.ok)
			return fail(r.error === 'invalid' ? 400 : 409, {
				id,
				action: 'merge',
				values: {},
				errors: r.error === 'invalid' ? r.fields : { form: r.error }
			});
		seeOtherWith(event, 'merged', { slug: r.slug });
	},
	reject: async (event) => {
		const { user, form } = await staffForm(event);
		const id = idOf(form);
		const r = sorting.reject(getDb(), user.id, id, String(form.get('note') ?? ''));
		if (!r.ok) return fail(409, { id, action: 'reject', values: {}, errors: { form: r.error } });
		seeOther(event, 'rejected');
	}
};
