/**
 * Links that prove a person holds an email address (issues 16 and 17): confirming a
 * self-registration (the account cannot sign in until then; following the link signs it in) and
 * confirming a new sign-in email (the address changes only then; the old one is told). Tokens are
 * 256 random bits, sent once, stored as SHA-256, single use, valid EMAIL_CONFIRM_HOURS.
 */
import { and, desc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db';
import { users, organisations, emailConfirmations } from './schema';
import { newToken, hashToken, TOKEN_RE, type Locale } from './lifecycle';
import { invalidateUserSessions } from './session';
import { safeNext } from './login-flow';
import type { Fail, Ok } from './accounts';
import * as audit from '../audit';
import { notify } from '../outbox/notify';
import { config } from '../config';
import { now, nowMs } from '../clock';

export type Purpose = 'register' | 'email';

/** Sends a confirmation link (inside the caller's transaction); earlier open links of the same purpose stop working. */
export function issueConfirmation(
	tx: Tx,
	input: { userId: string; purpose: Purpose; email: string; next?: string | null; locale: Locale }
): void {
	const token = newToken();
	const t = nowMs();
	const hours = config.emailConfirmHours;
	// a link sent again (sign-in to a pending account) keeps where the first one led
	const next =
		input.next !== undefined
			? input.next
			: (tx
					.select({ next: emailConfirmations.next })
					.from(emailConfirmations)
					.where(and(eq(emailConfirmations.userId, input.userId), eq(emailConfirmations.purpose, input.purpose)))
					.orderBy(desc(emailConfirmations.createdAt))
					.get()?.next ?? null);
	tx.update(emailConfirmations)
		.set({ usedAt: new Date(t) })
		.where(
			and(
				eq(emailConfirmations.userId, input.userId),
				eq(emailConfirmations.purpose, input.purpose),
				isNull(emailConfirmations.usedAt)
			)
		)
		.run();
	tx.insert(emailConfirmations)
		.values({
			id: hashToken(token),
			userId: input.userId,
			purpose: input.purpose,
			email: input.email,
			next,
			createdAt: new Date(t),
			expiresAt: new Date(t + hours * 3600000)
		})
		.run();
	const path = input.purpose === 'register' ? `/register/confirm/${token}` : `/account/email/${token}`;
	notify(
		tx,
		input.purpose === 'register' ? 'account.register_confirm' : 'account.email_confirm',
		input.email,
		{ link: path, hours },
		input.locale,
		{ channel: 'email' }
	);
}

function live(db: DB | Tx, token: string, purpose: Purpose) {
	if (!TOKEN_RE.test(token)) return undefined;
	const row = db
		.select({ c: emailConfirmations, user: users })
		.from(emailConfirmations)
		.innerJoin(users, eq(emailConfirmations.userId, users.id))
		.where(
			and(
				eq(emailConfirmations.id, hashToken(token)),
				eq(emailConfirmations.purpose, purpose),
				isNull(emailConfirmations.usedAt),
				gt(emailConfirmations.expiresAt, now())
			)
		)
		.get();
	return row && !row.user.disabledAt ? row : undefined;
}

/** Whether a link still works, and for which address (the page shows it before the person confirms). */
export function pendingConfirmation(db: DB, token: string, purpose: Purpose): { email: string } | undefined {
	const r = live(db, token, purpose);
	return r ? { email: r.c.email } : undefined;
}

/** Claims a live link inside a transaction: of two requests racing with one link, one wins. */
function claim(tx: Tx, id: string): boolean {
	return (
		tx
			.update(emailConfirmations)
			.set({ usedAt: now() })
			.where(and(eq(emailConfirmations.id, id), isNull(emailConfirmations.usedAt)))
			.run().changes === 1
	);
}

/**
 * Confirms a registration. Outcomes: ok with the user to sign in and where they continue
 * (`next` checked again); `invalid_token` when the link is unknown, used or expired.
 */
export function confirmRegistration(
	db: DB,
	token: string,
	fallbackNext: string
): Ok<{ userId: string; next: string }> | Fail<'invalid_token'> {
	const row = live(db, token, 'register');
	if (!row) return { ok: false, error: 'invalid_token' };
	const done = db.transaction((tx) => {
		if (!claim(tx, row.c.id)) return false;
		tx.update(users)
			.set({ confirmedAt: now() })
			.where(and(eq(users.id, row.user.id), isNull(users.confirmedAt)))
			.run();
		audit.record(tx, {
			actor: { type: 'user', id: row.user.id },
			action: 'user.confirm_registration',
			subject: { type: 'user', id: row.user.id }
		});
		return true;
	});
	if (!done) return { ok: false, error: 'invalid_token' };
	return { ok: true, userId: row.user.id, next: safeNext(row.c.next, fallbackNext) };
}

/**
 * Makes the confirmed address the account's sign-in email; the old address is told, and every
 * session of the account ends (it signs in again with the new address). Outcomes: ok;
 * `invalid_token`; `email_taken` when another account took the address meanwhile.
 */
export function confirmEmailChange(
	db: DB,
	token: string
): Ok<{ userId: string }> | Fail<'invalid_token' | 'email_taken'> {
	const row = live(db, token, 'email');
	if (!row) return { ok: false, error: 'invalid_token' };
	const taken = db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.email, row.c.email), ne(users.id, row.user.id)))
		.get();
	if (taken) return { ok: false, error: 'email_taken' };
	try {
		const done = db.transaction((tx) => {
			if (!claim(tx, row.c.id)) return false;
			tx.update(users).set({ email: row.c.email }).where(eq(users.id, row.user.id)).run();
			notify(tx, 'account.email_changed', row.user.email, {}, 'zh-CN', { channel: 'email' });
			invalidateUserSessions(tx, row.user.id);
			audit.record(tx, {
				actor: { type: 'user', id: row.user.id },
				action: 'user.email_change',
				subject: { type: 'user', id: row.user.id },
				before: { email: row.user.email },
				after: { email: row.c.email },
				note: 'confirmed from the new address; all sessions ended'
			});
			return true;
		});
		if (!done) return { ok: false, error: 'invalid_token' };
	} catch (e) {
		if (String(e).includes('UNIQUE')) return { ok: false, error: 'email_taken' };
		throw e;
	}
	return { ok: true, userId: row.user.id };
}

/**
 * Self-registrations never confirmed, a day past their link's expiry: removed with their
 * organisation when it has no other member (scheduled with the token prune). Returns the accounts removed.
 */
export function prunePending(db: DB): number {
	const cutoff = new Date(nowMs() - config.emailConfirmHours * 3600000 - 86400000);
	return db.transaction((tx) => {
		const stale = tx
			.select({ id: users.id, orgId: users.orgId })
			.from(users)
			.where(and(isNull(users.confirmedAt), lt(users.createdAt, cutoff)))
			.all();
		for (const u of stale) removePending(tx, u);
		tx.delete(emailConfirmations).where(lt(emailConfirmations.expiresAt, cutoff)).run();
		return stale.length;
	});
}

/** Removes an unconfirmed account and its organisation when nobody else belongs to it. */
export function removePending(tx: Tx, u: { id: string; orgId: string | null }): void {
	tx.delete(users)
		.where(and(eq(users.id, u.id), isNull(users.confirmedAt)))
		.run();
	if (!u.orgId) return;
	const others = tx
		.select({ n: sql<number>`count(*)` })
		.from(users)
		.where(eq(users.orgId, u.orgId))
		.get()!.n;
	if (others === 0) tx.delete(organisations).where(eq(organisations.id, u.orgId)).run();
}
