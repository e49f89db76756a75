/**
 * Staff and organisation users choose, per kind of message, email and/or SMS (/account/messages).
 * SMS goes to the organisation's contact mobile; staff accounts have no mobile on file, so they
 * choose email only.
 */
import type { DB } from '../db';
import type { SessionUser } from '../auth/session';
import { prefsFor, setPrefs } from './notify';
import { USER_KINDS, type Kind } from './templates';

export function kindsFor(user: Pick<SessionUser, 'role'>): Kind[] {
	return user.role === 'org' ? USER_KINDS.org : user.role === 'staff' || user.role === 'admin' ? USER_KINDS.staff : [];
}

export const smsAllowed = (user: Pick<SessionUser, 'role'>) => user.role === 'org';

export function list(db: DB, user: SessionUser): { kind: Kind; email: boolean; sms: boolean }[] {
	return db.transaction((tx) => kindsFor(user).map((kind) => ({ kind, ...prefsFor(tx, user.id, kind) })));
}

/** Saves the checkboxes (`<kind>.email`, `<kind>.sms`); unknown kinds are ignored. */
export function save(db: DB, user: SessionUser, form: FormData): void {
	db.transaction((tx) => {
		for (const kind of kindsFor(user))
			setPrefs(tx, user.id, kind, {
				email: form.get(`${kind}.email`) === 'on',
				sms: smsAllowed(user) && form.get(`${kind}.sms`) === 'on'
			});
	});
}
