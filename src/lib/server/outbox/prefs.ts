/**
 * Staff and organisation users choose, per kind of message, email and/or SMS (/account/messages).
 * SMS goes to the organisation's contact mobile; staff accounts have no mobile on file, so they
 * choose email only.
 */
import type { DB } from '../db';
import type { SessionUser } from '../auth/session';
import { prefsFor, setPrefs, localeOf, setLocale } from './notify';
import { USER_KINDS, type Kind, type Locale } from './templates';
import { messageLocales } from './schema';
import { eq } from 'drizzle-orm';

export function kindsFor(user: Pick<SessionUser, 'role'>): Kind[] {
	return user.role === 'org' ? USER_KINDS.org : user.role === 'staff' || user.role === 'admin' ? USER_KINDS.staff : [];
}

export const smsAllowed = (user: Pick<SessionUser, 'role'>) => user.role === 'org';

export function list(db: DB, user: SessionUser): { kind: Kind; email: boolean; sms: boolean }[] {
	return db.transaction((tx) => kindsFor(user).map((kind) => ({ kind, ...prefsFor(tx, user.id, kind) })));
}

/** The language chosen for messages, or null while the user has not chosen (they get Chinese). */
export function chosenLocale(db: DB, user: SessionUser): Locale | null {
	return db.select().from(messageLocales).where(eq(messageLocales.userId, user.id)).get()
		? localeOf(db, user.id)
		: null;
}

/**
 * Saves the checkboxes (`<kind>.email`, `<kind>.sms`) and the language (`locale`: zh-CN or en;
 * anything else leaves it as it was); unknown kinds are ignored.
 */
export function save(db: DB, user: SessionUser, form: FormData): void {
	const locale = form.get('locale');
	db.transaction((tx) => {
		if (locale === 'zh-CN' || locale === 'en') setLocale(tx, user.id, locale);
		for (const kind of kindsFor(user))
			setPrefs(tx, user.id, kind, {
				email: form.get(`${kind}.email`) === 'on',
				sms: smsAllowed(user) && form.get(`${kind}.sms`) === 'on'
			});
	});
}
