import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as accounts from '$lib/server/auth/accounts';
import { requirePermission } from '$lib/server/auth/guard';
import type { RequestEvent } from '@sveltejs/kit';

/** Any signed-in user; staff and admin only after their second factor (so a stolen password alone cannot change it). */
const requireUser = (event: RequestEvent) => requirePermission(event, 'account.own');
import * as reference from '$lib/server/reference';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const db = getDb();
	const org = user.orgId ? accounts.getOrganisation(db, user.orgId) : undefined;
	const dept = user.departmentCode ? reference.departments(db).find((d) => d.code === user.departmentCode) : undefined;
	return {
		account: { email: user.email, role: user.role, displayName: user.displayName },
		org: org ? { name: org.name, creditCode: org.creditCode, town: org.townCode, type: org.type } : null,
		department: dept ?? null,
		welcome: event.url.searchParams.has('welcome')
	};
};

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const r = await accounts.changePassword(getDb(), user.id, event.locals.session!.id, {
			current: String(form.get('current') ?? ''),
			next: String(form.get('next') ?? '')
		});
		if (!r.ok) return fail(400, { errors: { [r.error === 'wrong_password' ? 'current' : 'next']: r.error } });
		return { changed: true };
	}
};
