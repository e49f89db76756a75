import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as staffAdmin from '$lib/server/auth/staff-admin';
import * as reference from '$lib/server/reference';
import { seeOther, seeOtherWith, doneOf, takeFlash } from '$lib/server/prg';

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

const str = (f: FormData, k: string, max = 300) => String(f.get(k) ?? '').slice(0, max);

export const actions: Actions = {
	create: async (event) => {
		const me = requirePermission(event, 'users.manage');
		const f = await event.request.formData();
		const values = {
			email: str(f, 'email'),
			displayName: str(f, 'displayName', 50),
			role: str(f, 'role'),
			department: str(f, 'department')
		};
		const r = await staffAdmin.addStaff(getDb(), me.id, { ...values, password: str(f, 'password', 2000) });
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
	move: async (event) => act(event, (db, me, id, f) => staffAdmin.moveDepartment(db, me, id, str(f, 'department')))
};

async function act(
	event: Parameters<Actions[string]>[0],
	fn: (db: ReturnType<typeof getDb>, me: string, id: string, f: FormData) => { ok: true } | { ok: false; error: string }
) {
	const me = requirePermission(event, 'users.manage');
	const f = await event.request.formData();
	const id = str(f, 'user', 64);
	const r = fn(getDb(), me.id, id, f);
	if (!r.ok) return fail(r.error === 'not_found' ? 404 : 400, { actionError: r.error, target: id });
	seeOther(event, 'changed');
}
