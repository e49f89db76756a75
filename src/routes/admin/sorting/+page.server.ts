import { maskContact } from '$lib/privacy/mask';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as sorting from '$lib/server/sorting/service';
import { MATERIAL_KEYS } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';
import { seeOther, seeOtherWith, doneOf, takeFlash } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { mergeForm, newItemForm, NEW_ITEM_FIELDS, rejectForm, suggestionRowForm } from '$lib/server/sorting/forms';
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

async function staffForm(event: RequestEvent) {
	const user = requirePermission(event, 'sorting.manage');
	return { user, form: await event.request.formData() };
}

export const actions: Actions = {
	add: async (event) => {
		const { user, form } = await staffForm(event);
		const row = parseForm(suggestionRowForm, form, ['suggestion']);
		const id = row.ok ? row.data.suggestion : 0;
		const f = parseForm(newItemForm, form, NEW_ITEM_FIELDS);
		// the page refills the materials' checkboxes from a list
		const values = { ...f.values, materials: [f.values.materials].flat().filter(Boolean) };
		if (!f.ok) return fail(400, { id, action: 'add', values, errors: f.errors });
		const r = sorting.addItem(getDb(), user.id, id, f.data);
		if (!r.ok)
			return fail(r.error === 'invalid' ? 400 : 409, {
				id,
				action: 'add',
				values,
				errors: r.error === 'invalid' ? r.fields : { form: r.error }
			});
		seeOtherWith(event, 'added', { name: f.data.zh, slug: r.slug });
	},
	merge: async (event) => {
		const { user, form } = await staffForm(event);
		const f = parseForm(mergeForm, form, ['suggestion', 'target', 'name']);
		if (!f.ok) return fail(400, { id: 0, action: 'merge', values: f.values, errors: f.errors });
		const { suggestion: id, name } = f.data;
		const db = getDb();
		const target = sorting.findItem(db, f.data.target);
		if (!target)
			return fail(400, {
				id,
				action: 'merge',
				values: { target: f.data.target },
				errors: { target: 'choose' }
			});
		const r = sorting.mergeAsSynonym(db, user.id, id, target.slug, name || undefined);
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
		const f = parseForm(rejectForm, form, ['suggestion', 'note']);
		const id = f.ok ? f.data.suggestion : 0;
		const r = sorting.reject(getDb(), user.id, id, f.ok ? f.data.note : '');
		if (!r.ok) return fail(409, { id, action: 'reject', values: {}, errors: { form: r.error } });
		seeOther(event, 'rejected');
	}
};
