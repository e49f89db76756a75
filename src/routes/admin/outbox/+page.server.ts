import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as outbox from '$lib/server/outbox';
import { seeOther, doneOf } from '$lib/server/prg';

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

const id = (f: FormData) => Number(f.get('id'));

export const actions: Actions = {
	retry: async (event) => {
		requirePermission(event, 'outbox.manage');
		const ok = outbox.retry(getDb(), id(await event.request.formData()));
		if (!ok) return fail(409, { gone: true });
		seeOther(event, 'retry');
	},
	cancel: async (event) => {
		requirePermission(event, 'outbox.manage');
		const ok = outbox.cancel(getDb(), id(await event.request.formData()));
		if (!ok) return fail(409, { gone: true });
		seeOther(event, 'cancel');
	},
	cap: async (event) => {
		requirePermission(event, 'outbox.manage');
		const raw = String((await event.request.formData()).get('cap') ?? '').trim();
		const n = Number(raw);
		if (!/^\d{1,4}$/.test(raw) || n < 1 || n > 1000) return fail(400, { capError: true, capValue: raw.slice(0, 10) });
		outbox.setRecipientCap(getDb(), n);
		seeOther(event, 'cap');
	}
};
