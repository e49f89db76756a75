/**
 * Accounts over their whole life: password reset by email, changing the sign-in email or contact
 * phone, and TOTP recovery codes. Tokens and codes are random, sent or shown once, and only their
 * SHA-256 is stored; each is single use. Every change writes an audit row in the same transaction.
 */
import { and, eq, isNull, gt, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { DB } from '../db';
import { users, organisations, passwordResets, recoveryCodes, orgInvitations } from './schema';
import { checkNewPassword, hashPassword, type PasswordProblem } from './password';
import { checkCurrentPassword } from './reauth';
import { invalidateUserSessions, endOwnSession } from './session';
import { checkTotp, normaliseEmail, type Fail, type Ok } from './accounts';
import { issueConfirmation, prunePending } from './confirm';
import * as audit from '../audit';
import { notify } from '../outbox/notify';
import * as rateLimit from '../rate-limit';
import * as security from '../security';
import { config } from '../config';
import { now, nowMs } from '../clock';

export type Locale = 'zh-CN' | 'en';

/** 256 random bits, base32 (52 characters): safe in a URL path. */
export function newToken(): string {
	const b = new Uint8Array(32);
	crypto.getRandomValues(b);
	return encodeBase32LowerCaseNoPadding(b);
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export const TOKEN_RE = /^[a-z2-7]{52}$/;

/** A link on this site in the person's language. */
export function siteLink(locale: Locale, path: string): string {
	return `${config.origin}${locale === 'en' ? '/en' : ''}${path}`;
}

// ---------- password reset ----------

/**
 * Asks for a reset link. The answer is the same whether or not the account exists (only `limited`
 * when this address asks too often), and it comes at once: the look-up and the email are done
 * after it (`done`, awaited by tests only), so no answer is slower for a real account. An
 * organisation account with a confirmed address gets an email with a single-use link, others
 * nothing. Requests beyond the per-account limit are dropped silently.
 */
export function requestPasswordReset(
	db: DB,
	rawEmail: unknown,
	ip: string,
	locale: Locale
): { ok: true; done: Promise<void> } | (Fail<'limited'> & { retryAfter: number }) {
	const byIp = rateLimit.hit(db, `reset:ip:${ip}`, config.limitResetIp);
	if (!byIp.ok) {
		security.record(db, 'reset.requested', { ip, detail: { outcome: 'limited' } });
		return { ok: false, error: 'limited', retryAfter: byIp.retryAfter };
	}
	const email = typeof rawEmail === 'string' ? normaliseEmail(rawEmail).slice(0, 254) : '';
	const done = new Promise<void>((resolve, reject) =>
		setImmediate(() => {
			try {
				sendReset(db, email, ip, locale);
				resolve();
			} catch (e) {
				console.error('[reset] could not queue the reset email', e);
				reject(e);
			}
		})
	);
	done.catch(() => {});
	return { ok: true, done };
}

function sendReset(db: DB, email: string, ip: string, locale: Locale): void {
	if (!email) return;
	const user = db.select().from(users).where(eq(users.email, email)).get();
	security.record(db, 'reset.requested', { user: user?.id ?? null, ip });
	if (!user || user.role !== 'org' || user.disabledAt || !user.confirmedAt) return;
	if (!rateLimit.hit(db, `reset:acct:${user.id}`, config.limitResetAccount).ok) return;
	const token = newToken();
	const t = nowMs();
	const minutes = config.passwordResetMinutes;
	const link = siteLink(locale, `/login/reset/${token}`);
	db.transaction((tx) => {
		tx.insert(passwordResets)
			.values({
				id: hashToken(token),
				userId: user.id,
				createdAt: new Date(t),
				expiresAt: new Date(t + minutes * 60000)
			})
			.run();
		notify(tx, 'account.reset', user.email, { link, minutes }, locale, { channel: 'email' });
		audit.record(tx, {
			actor: { type: 'anonymous' },
			action: 'user.password_reset_request',
			subject: { type: 'user', id: user.id }
		});
	});
}

function liveReset(db: DB, token: string) {
	if (!TOKEN_RE.test(token)) return undefined;
	const row = db
		.select({ reset: passwordResets, user: users })
		.from(passwordResets)
		.innerJoin(users, eq(passwordResets.userId, users.id))
		.where(
			and(eq(passwordResets.id, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now()))
		)
		.get();
	if (!row || row.user.disabledAt) return undefined;
	return row;
}

/** Whether a reset link still works (for the page that asks for the new password). */
export function resetTokenValid(db: DB, token: string): boolean {
	return liveReset(db, token) !== undefined;
}

export type ResetError = 'invalid_token' | PasswordProblem;

/** Sets the new password, uses up the token (and every other open one), and ends every session. */
export async function resetPassword(
	db: DB,
	token: string,
	password: string
): Promise<Ok<{ userId: string }> | Fail<ResetError>> {
	const row = liveReset(db, token);
	if (!row) return { ok: false, error: 'invalid_token' };
	const problem = await checkNewPassword(password, row.user.email);
	if (problem) return { ok: false, error: problem };
	const passwordHash = await hashPassword(password);
	const userId = row.user.id;
	const used = db.transaction((tx) => {
		// the token is claimed inside the transaction: two requests racing with one link, one wins
		const claimed = tx
			.update(passwordResets)
			.set({ usedAt: now() })
			.where(and(eq(passwordResets.id, row.reset.id), isNull(passwordResets.usedAt)))
			.run().changes;
		if (claimed !== 1) return false;
		tx.update(passwordResets)
			.set({ usedAt: now() })
			.where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
			.run();
		tx.update(users).set({ passwordHash, passwordChangedAt: now() }).where(eq(users.id, userId)).run();
		invalidateUserSessions(tx, userId);
		audit.record(tx, {
			actor: { type: 'user', id: userId },
			action: 'user.password_reset',
			subject: { type: 'user', id: userId },
			note: 'all sessions ended'
		});
		security.record(tx, 'password.changed', { user: userId, detail: { via: 'reset' } });
		return true;
	});
	if (!used) return { ok: false, error: 'invalid_token' };
	rateLimit.reset(db, `login:acct:${row.user.email}`);
	return { ok: true, userId };
}

// ---------- email and phone ----------

const phoneSchema = z
	.string()
	.trim()
	.regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}|\+?[\d\s-]{7,20})$/);
const emailSchema = z.string().trim().toLowerCase().max(254).email();

export type ContactError = 'wrong_password' | 'email' | 'email_taken' | 'phone' | 'limited';

/**
 * Changes the sign-in email (and, for an organisation's admin, its contact phone) after asking
 * for the password again. A new email is not taken at once: a confirmation link goes to the new
 * address, and the address changes (the old one told, every session ended) only when it is
 * followed (confirm.ts). A phone change applies at once and ends every other session.
 * Outcomes: ok with `changed` (the phone) and `emailPending` (the address a link went to).
 */
export async function changeContact(
	db: DB,
	userId: string,
	currentSessionId: string,
	input: { password: string; email: string; phone?: string },
	locale: Locale = 'zh-CN'
): Promise<
	| Ok<{ changed: boolean; emailPending: string | null }>
	| (Fail<ContactError | 'throttled'> & { field: string; retryAfter?: number })
> {
	const re = await checkCurrentPassword(db, userId, input.password);
	if (!re.ok) return { ...re, field: 'contact_password' };
	const user = db.select().from(users).where(eq(users.id, userId)).get();
	if (!user) return { ok: false, error: 'wrong_password', field: 'contact_password' };
	const email = emailSchema.safeParse(input.email);
	if (!email.success) return { ok: false, error: 'email', field: 'contact_email' };
	const org =
		user.orgId && user.orgRole === 'admin'
			? db.select().from(organisations).where(eq(organisations.id, user.orgId)).get()
			: undefined;
	let phone: string | undefined;
	if (org && input.phone !== undefined) {
		const p = phoneSchema.safeParse(input.phone);
		if (!p.success) return { ok: false, error: 'phone', field: 'contact_phone' };
		phone = p.data;
	}
	const emailChanged = email.data !== user.email;
	const phoneChanged = !!org && phone !== undefined && phone !== org.contactPhone;
	if (!emailChanged && !phoneChanged) return { ok: true, changed: false, emailPending: null };
	// a signed-in person who just gave their password may learn that an address is in use
	if (emailChanged && db.select({ id: users.id }).from(users).where(eq(users.email, email.data)).get())
		return { ok: false, error: 'email_taken', field: 'contact_email' };
	db.transaction((tx) => {
		if (emailChanged) {
			issueConfirmation(tx, { userId, purpose: 'email', email: email.data, locale });
			audit.record(tx, {
				actor: { type: 'user', id: userId },
				action: 'user.email_change_request',
				subject: { type: 'user', id: userId },
				after: { email: email.data },
				note: 'confirmation link sent to the new address'
			});
		}
		if (phoneChanged && org) {
			tx.update(organisations).set({ contactPhone: phone! }).where(eq(organisations.id, org.id)).run();
			audit.record(tx, {
				actor: { type: 'user', id: userId },
				action: 'organisation.phone_change',
				subject: { type: 'organisation', id: org.id }
			});
			invalidateUserSessions(tx, userId, currentSessionId);
		}
	});
	return { ok: true, changed: phoneChanged, emailPending: emailChanged ? email.data : null };
}

// ---------- recovery codes ----------

export const RECOVERY_CODE_COUNT = 10;

/** A code as people type it: case, spaces and dashes do not matter. */
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]+/g, '');

/** 10 base32 characters (50 bits), shown as xxxxx-xxxxx. */
function newRecoveryCode(): string {
	const b = new Uint8Array(7);
	crypto.getRandomValues(b);
	const s = encodeBase32LowerCaseNoPadding(b).slice(0, 10);
	return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** A fresh set of ten codes replaces any earlier set; the plain codes are returned once, to be shown once. */
export function generateRecoveryCodes(
	db: DB,
	userId: string,
	actor: audit.Actor = { type: 'user', id: userId }
): string[] {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
	const t = now();
	db.transaction((tx) => {
		tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
		for (const c of codes)
			tx.insert(recoveryCodes)
				.values({ id: hashToken(normaliseRecoveryCode(c)), userId, createdAt: t })
				.run();
		audit.record(tx, {
			actor,
			action: 'user.recovery_codes_generate',
			subject: { type: 'user', id: userId },
			after: { count: codes.length }
		});
	});
	return codes;
}

/** Uses up one recovery code of the user; false when it is unknown, another's, or already used. */
export function useRecoveryCode(db: DB, userId: string, code: string): boolean {
	const clean = normaliseRecoveryCode(code);
	if (!/^[a-z2-7]{10}$/.test(clean)) return false;
	return db.transaction((tx) => {
		const changed = tx
			.update(recoveryCodes)
			.set({ usedAt: now() })
			.where(
				and(eq(recoveryCodes.id, hashToken(clean)), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))
			)
			.run().changes;
		if (changed !== 1) return false;
		audit.record(tx, {
			actor: { type: 'user', id: userId },
			action: 'user.recovery_code_use',
			subject: { type: 'user', id: userId },
			note: 'signed in with a recovery code'
		});
		return true;
	});
}

export function remainingRecoveryCodes(db: DB, userId: string): number {
	return db
		.select({ n: sql<number>`count(*)` })
		.from(recoveryCodes)
		.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
		.get()!.n;
}

/** From /account: a new set only with the password and a current TOTP code. */
export async function regenerateRecoveryCodes(
	db: DB,
	userId: string,
	input: { password: string; code: string }
): Promise<
	Ok<{ codes: string[] }> | (Fail<'wrong_password' | 'totp' | 'throttled'> & { field: string; retryAfter?: number })
> {
	// the password under the one re-authentication limit, then the code under the sign-in TOTP
	// limit: each counted before its check in one atomic statement, given back on success
	const re = await checkCurrentPassword(db, userId, input.password);
	if (!re.ok) return { ...re, field: 'recovery_password' };
	const key = `totp:acct:${userId}`;
	const lim = rateLimit.hit(db, key, config.limitLoginAccount);
	if (!lim.ok) {
		security.record(db, 'login.throttled', { user: userId, detail: { via: 'recovery_codes' } });
		return { ok: false, error: 'throttled', field: 'recovery_code', retryAfter: lim.retryAfter };
	}
	if (!checkTotp(db, userId, input.code)) {
		security.record(db, 'totp.failed', { user: userId, detail: { via: 'recovery_codes' } });
		return { ok: false, error: 'totp', field: 'recovery_code' };
	}
	rateLimit.reset(db, key);
	return { ok: true, codes: generateRecoveryCodes(db, userId) };
}

// ---------- housekeeping ----------

/** Delete reset tokens and invitations a day past their expiry (scheduled). Returns the rows removed. */
export function pruneTokens(db: DB): number {
	const cutoff = new Date(nowMs() - 86400000);
	const a = db.delete(passwordResets).where(lt(passwordResets.expiresAt, cutoff)).run().changes;
	const b = db.delete(orgInvitations).where(lt(orgInvitations.expiresAt, cutoff)).run().changes;
	return a + b + prunePending(db);
}

/**
 * Signs out one of the person's other devices (ASVS 7.5.2): the current password again (the same
 * per-account limit as every re-authentication on /account), then the session ends on the server.
 * Only the person's own sessions, and never the one making the request (that is "sign out").
 */
export async function endOtherSession(
	db: DB,
	userId: string,
	currentSessionId: string,
	targetSessionId: string,
	password: string
): Promise<Ok<object> | Fail<'wrong_password' | 'not_found'> | (Fail<'throttled'> & { retryAfter: number })> {
	if (!targetSessionId || targetSessionId === currentSessionId) return { ok: false, error: 'not_found' };
	const re = await checkCurrentPassword(db, userId, password);
	if (!re.ok) return re;
	let ended = false;
	db.transaction((tx) => {
		ended = endOwnSession(tx, userId, targetSessionId);
		if (ended)
			audit.record(tx, {
				actor: { type: 'user', id: userId },
				action: 'user.session_end',
				subject: { type: 'user', id: userId },
				note: 'another signed-in device signed out from /account'
			});
	});
	return ended ? { ok: true } : { ok: false, error: 'not_found' };
}
