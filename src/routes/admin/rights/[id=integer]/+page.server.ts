import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as rights from '$lib/server/privacy/rights';
import { parseForm } from '$lib/server/forms';
import { replyForm, verifyForm } from '$lib/server/privacy/forms';
import { seeOther, doneOf } from '$lib/server/prg';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'privacy.manage');
	const db = getDb();
	const r = rights.get(db, Number(event.params.id));
	if (!r) error(404, 'not_found');
	return {
		done: doneOf(event.url),
		request: {
			id: r.id,
			ref: r.ref,
			kind: r.kind,
			status: r.status,
			dueDay: r.dueDay,
			details: r.details,
			contact: r.contact,
			verifiedBy: r.verifiedBy,
			reply: r.reply,
			createdAt: r.createdAt.toISOString()
		},
		held: rights.heldData(db, r)
	};
};

async function close(event: Parameters<Actions[string]>[0], outcome: 'fulfilled' | 'refused') {
	const user = requirePermission(event, 'privacy.manage');
	const f = parseForm(replyForm, await event.request.formData(), ['reply']);
	const reply = f.ok ? f.data.reply : '';
	const r = await rights.close(getDb(), user, Number(event.params.id), outcome, reply);
	if (!r.ok) {
		if (r.error === 'not_found') error(404, 'not_found');
		return fail(400, { error: r.error, reply });
	}
	seeOther(event, outcome);
}

export const actions: Actions = {
	/** the reporter left no contact and lost the link: the admin records how identity was checked */
	verify: async (event) => {
		const user = requirePermission(event, 'privacy.manage');
		const f = parseForm(verifyForm, await event.request.formData(), ['how']);
		const how = f.ok ? f.data.how : '';
		const r = rights.verify(getDb(), user, Number(event.params.id), how);
		if (!r.ok) {
			if (r.error === 'not_found') error(404, 'not_found');
			return fail(400, { error: r.error, how });
		}
		seeOther(event, 'verified');
	},
	fulfil: (event) => close(event, 'fulfilled'),
	refuse: (event) => close(event, 'refused')
};
