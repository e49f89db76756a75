import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as outbox from '$lib/server/outbox';
import { seeOther, doneOf } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { capForm, messageForm } from '$lib/server/outbox/forms';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'outbox.manage');
	const db = getDb();
	const status = event.url.searchParams.get('status') ?? '';
	return {
		status,
		done: doneOf(event.url),
		counts: outbox.counts(db),
		cap: outbox.recipientCap(db),
		messages: outbox.list(db, status).map((r) => ({
			id: r.id,
			channel: r.channel,
			recipient: r.recipient,
			subject: r.subject,
			status: r.status,
			attempts: r.attempts,
			lastError: r.lastError,
			createdAt: r.createdAt.getTime()
		}))
	};
};

/** The message a retry or cancel names; 0 (none) when the form does not name one. */
async function messageId(event: RequestEvent) {
	const f = parseForm(messageForm, await event.request.formData(), ['id']);
	return f.ok ? f.data.id : 0;
}

export const actions: Actions = {
	retry: async (event) => {
		requirePermission(event, 'outbox.manage');
		const ok = outbox.retry(getDb(), await messageId(event));
		if (!ok) return fail(409, { gone: true });
		seeOther(event, 'retry');
	},
	cancel: async (event) => {
		requirePermission(event, 'outbox.manage');
		const ok = outbox.cancel(getDb(), await messageId(event));
		if (!ok) return fail(409, { gone: true });
		seeOther(event, 'cancel');
	},
	cap: async (event) => {
		requirePermission(event, 'outbox.manage');
		const f = parseForm(capForm, await event.request.formData(), ['cap']);
		if (!f.ok) return fail(400, { capError: true, capValue: String(f.values.cap).trim().slice(0, 10) });
		outbox.setRecipientCap(getDb(), f.data.cap);
		seeOther(event, 'cap');
	}
};
