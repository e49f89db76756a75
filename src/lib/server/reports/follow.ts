/**
 * Following a report by email (FixMyStreet's alerts): the visitor leaves an address, confirms by
 * the emailed link (double opt-in: nothing else is sent until then), then hears of every public
 * change; every message carries a one-click unsubscribe link.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { DB } from '../db';
import { reportFollows } from '../outbox/schema';
import { notify, shortToken } from '../outbox/notify';
import * as rateLimit from '../rate-limit';
import { byCode } from './service';
import { trackPath } from './messages';
import { config } from '../config';
import { now } from '../clock';
import type { Locale } from '../outbox/templates';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Asks to follow. Outcomes: ok (a confirmation link was sent, or the address already follows —
 * the same answer, so the form does not tell who follows what); `email` (not an address);
 * `not_found`; `limited`.
 */
export function request(
	db: DB,
	code: string,
	rawEmail: string,
	locale: Locale,
	ip: string
): { ok: true } | { ok: false; error: 'email' | 'not_found' | 'limited' } {
	const r = byCode(db, code);
	if (!r || r.hidden) return { ok: false, error: 'not_found' };
	const email = rawEmail.trim().toLowerCase();
	if (!EMAIL_RE.test(email) || email.length > 200) return { ok: false, error: 'email' };
	if (!rateLimit.hit(db, `follow:${ip}`, config.limitAnonWrite).ok) return { ok: false, error: 'limited' };
	db.transaction((tx) => {
		const existing = tx
			.select()
			.from(reportFollows)
			.where(and(eq(reportFollows.reportCode, r.code), eq(reportFollows.email, email)))
			.get();
		if (existing?.confirmedAt) return;
		const token = existing?.token ?? shortToken();
		if (!existing)
			tx.insert(reportFollows).values({ reportCode: r.code, email, token, locale, createdAt: now() }).run();
		notify(tx, 'follow.confirm', email, { code: r.code, confirmLink: `/report/follow/${token}` }, locale);
	});
	return { ok: true };
}

export function byToken(db: DB, token: string) {
	if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return undefined;
	return db.select().from(reportFollows).where(eq(reportFollows.token, token)).get();
}

/** The opt-in. Outcome: the report's code, or null for an unknown link. */
export function confirm(db: DB, token: string): string | null {
	const f = byToken(db, token);
	if (!f) return null;
	db.update(reportFollows)
		.set({ confirmedAt: now() })
		.where(and(eq(reportFollows.id, f.id), isNull(reportFollows.confirmedAt)))
		.run();
	return f.reportCode;
}

/** One click ends it (the row goes: no address is kept once someone stops following). */
export function unsubscribe(db: DB, token: string): string | null {
	const f = byToken(db, token);
	if (!f) return null;
	db.delete(reportFollows).where(eq(reportFollows.id, f.id)).run();
	return f.reportCode;
}

export { trackPath };
