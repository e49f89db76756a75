import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as staffAdmin from '$lib/server/auth/staff-admin';
import * as reference from '$lib/server/reference';
import { seeOther, seeOtherWith, doneOf, takeFlash } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import { staffActionForm, staffForm } from '$lib/server/auth/forms';

export const load: PageServerLoad = (event) => {
	const me = requirePermission(event, 'users.manage');
	const db = getDb();
	return {
		me: me.id,
		done: doneOf(event.url),
		created: takeFlash<string>(event),
		users: staffAdmin.listStaff(db).map((u) => ({ ...u, disabled: !!u.disabledAt, disabledAt: undefined })),
		departments: reference.departments(db).map((d) => ({ code: d.code, zh: d.zh, en: d.en }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const me = requirePermission(event, 'users.manage');
		const f = parseForm(staffForm, await event.request.formData(), [
			'email',
			'displayName',
			'role',
			'department',
			'password'
		]);
		if (!f.ok) return fail(400, { values: {}, errors: f.errors });
		// the password is never sent back
		const { password, ...values } = f.data;
		const r = await staffAdmin.addStaff(getDb(), me.id, { ...values, password });
		if (!r.ok) {
			const field =
				(
					{
						bad_email: 'email',
						email_taken: 'email',
						bad_role: 'role',
						department_required: 'department',
						unknown_department: 'department'
					} as Record<string, string>
				)[r.error] ?? 'password';
			return fail(400, { values, errors: { [field]: r.error } as Record<string, string> });
		}
		seeOtherWith(event, 'created', values.email.trim().toLowerCase());
	},
	disable: async (event) => act(event, (db, me, id) => staffAdmin.setDisabled(db, me, id, true)),
	enable: async (event) => act(event, (db, me, id) => staffAdmin.setDisabled(db, me, id, false)),
	reset_totp: async (event) => act(event, (db, me, id) => staffAdmin.resetSecondFactor(db, me, id)),
	move: async (event) => act(event, (db, me, id, department) => staffAdmin.moveDepartment(db, me, id, department))
};

async function act(
	event: Parameters<Actions[string]>[0],
	fn: (
		db: ReturnType<typeof getDb>,
		me: string,
		id: string,
		department: string
	) => { ok: true } | { ok: false; error: string }
) {
	const me = requirePermission(event, 'users.manage');
	const f = parseForm(staffActionForm, await event.request.formData(), ['user', 'department']);
	if (!f.ok) return fail(404, { actionError: 'not_found', target: '' });
	const id = f.data.user;
	const r = fn(getDb(), me.id, id, f.data.department);
	if (!r.ok) return fail(r.error === 'not_found' ? 404 : 400, { actionError: r.error, target: id });
	seeOther(event, 'changed');
}
