import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as reportsSvc from '$lib/server/reports/service';
import { workflow } from '$lib/server/reports/workflow';
import * as reportsAdmin from '$lib/server/reports/admin';
import { DEPARTMENTS, REPORT_CATEGORIES } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';
import { maskContact } from '$lib/privacy/mask';
import * as names from '$lib/server/reports/names';
import { seeOther, seeOtherWith, doneOf, takeFlash } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import {
	extensionForm,
	photoVisibilityForm,
	reportVisibilityForm,
	staffTransitionForm
} from '$lib/server/reports/forms';
import { nameIn } from '$lib/text';

export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'admin.enter');
	const db = getDb();
	const r = reportsSvc.byCode(db, event.params.code);
	// another department's report answers 404, not 403: its existence is not theirs to know
	if (!r || !reportsSvc.mayWork(user, r)) error(404, 'not_found');
	const en = getLocale() === 'en';
	const cat = REPORT_CATEGORIES.find((c) => c.code === r.category);
	const by = user.role === 'admin' ? 'admin' : 'staff';
	const pick = (n: names.Name | null) => (n ? nameIn(n, en) : null);
	const events = reportsSvc.timeline(db, r.id);
	const who = names.actorNames(
		db,
		events.map((e) => e.actor)
	);
	return {
		done: doneOf(event.url),
		// the full contact an officer just revealed (audited), shown once; a reload masks it again
		revealed: takeFlash<{ contact: string | null }>(event),
		placeName: pick(names.placeName(names.places(db), r)),
		departmentName: pick(names.departmentName(db, r.departmentCode)),
		report: {
			...r,
			contact: r.contact ? maskContact(r.contact) : null,
			createdAt: r.createdAt.getTime(),
			acceptedAt: r.acceptedAt?.getTime() ?? null,
			resolvedAt: r.resolvedAt?.getTime() ?? null,
			confirmedAt: r.confirmedAt?.getTime() ?? null,
			categoryName: cat ? nameIn(cat, en) : r.category,
			overdue: reportsSvc.isOverdue(r),
			dueAt: r.dueAt?.getTime() ?? null,
			due: r.dueAt ? reportsSvc.dueLabel(r.dueAt) : null
		},
		timeline: events.map((e) => ({
			id: e.id,
			at: e.at.getTime(),
			to: e.toStatus,
			publicNote: e.publicNote,
			internalNote: e.internalNote,
			actor: e.actor,
			actorName: who[e.actor] ?? null
		})),
		photos: reportsSvc.photos(db, r.id),
		actions: workflow.actionsFor(r.status, by),
		departments: DEPARTMENTS.map((d) => ({ code: d.code, name: nameIn(d, en) }))
	};
};

export const actions: Actions = {
	/** the full number, for calling the reporter back; audited */
	reveal: async (event) => {
		const user = requirePermission(event, 'admin.enter');
		const contact = reportsAdmin.revealContact(getDb(), user, event.params.code);
		if (contact === undefined) error(404, 'not_found');
		seeOtherWith(event, 'revealed', { contact });
	},
	photo: async (event) => {
		const user = requirePermission(event, 'admin.enter');
		const f = parseForm(photoVisibilityForm, await event.request.formData(), ['photo', 'hidden']);
		if (!f.ok || !reportsAdmin.setPhotoHidden(getDb(), user, event.params.code, f.data.photo, f.data.hidden))
			return fail(400, { error: 'not_found' });
		seeOther(event, 'photo');
	},
	extension: async (event) => {
		const user = requirePermission(event, 'admin.enter');
		const f = parseForm(extensionForm, await event.request.formData(), ['days', 'reason']);
		if (!f.ok) return fail(400, { error: 'invalid' });
		const r = reportsAdmin.requestExtension(getDb(), user, event.params.code, f.data.days, f.data.reason);
		if (!r.ok) return fail(r.error === 'forbidden' ? 403 : 400, { error: r.error });
		seeOther(event, 'extension');
	},
	visibility: async (event) => {
		const user = requirePermission(event, 'admin.enter');
		const f = parseForm(reportVisibilityForm, await event.request.formData(), ['hidden', 'reason']);
		if (!f.ok) return fail(400, { error: 'invalid' });
		const r = reportsSvc.setHidden(getDb(), user, event.params.code, f.data.hidden, f.data.reason);
		if (!r.ok) return fail(r.error === 'forbidden' ? 403 : 400, { error: r.error });
		seeOther(event, 'visibility');
	},
	transition: async (event) => {
		const user = requirePermission(event, 'admin.enter');
		const form = await event.request.formData();
		const f = parseForm(staffTransitionForm, form);
		if (!f.ok) return fail(400, { error: 'illegal', publicNote: '', internalNote: '' });
		const { action, ...input } = f.data;
		const photo = form.get('photo');
		const r = await reportsSvc.transition(getDb(), user, event.params.code, action, {
			...input,
			photo:
				photo instanceof File && photo.size > 0
					? { bytes: new Uint8Array(await photo.arrayBuffer()), name: photo.name }
					: null
		});
		if (!r.ok)
			// conflict: 409, and the page shows the report as it is now (load runs again)
			return fail(r.error === 'forbidden' ? 403 : r.error === 'conflict' ? 409 : 400, {
				error: r.error,
				publicNote: input.publicNote,
				internalNote: input.internalNote
			});
		seeOther(event, r.status);
	}
};
