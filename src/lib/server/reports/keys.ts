/**
 * The reporter's private key. The tracking code is a public identifier (it is on /reports and in
 * Open311); what lets a person act on a report — confirm or say "not fixed", add a photo or
 * information, see their own contact, ask about their personal data — is a capability link:
 *
 * - `owner`: made when the report is filed, 192 random bits, shown once, stored only as SHA-256;
 * - `followup`: a single-use "fixed / not fixed" link sent after resolution, valid 7 days;
 * - `otp`: a 6-digit one-time code sent to the contact on file when the link is lost (15 minutes,
 *   5 tries); redeeming it makes a new owner key.
 *
 * Every attempt is counted per address in one atomic statement before the lookup (a right key
 * gives its attempt back, so only failures stay counted); wrong keys and codes are recorded as
 * `report_key.failed` security events.
 */
import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { DB, Executor, Tx } from '../db';
import { reports, reportKeys } from './schema';
import * as rateLimit from '../rate-limit';
import * as security from '../security';
import * as outbox from '../outbox';
import { config } from '../config';
import { now, nowMs } from '../clock';

export type Report = typeof reports.$inferSelect;
export const KEY_RE = /^[A-Za-z0-9_-]{32}$/;
export const FOLLOWUP_DAYS = 7;
export const OTP_MINUTES = 15;
export const OTP_TRIES = 5;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** 24 random bytes → 32 characters of base64url. */
export const newKey = () => randomBytes(24).toString('base64url');

export const privatePath = (key: string) => `/report/mine/${key}`;
export const privateUrl = (key: string) => `${config.origin}${privatePath(key)}`;

/** Makes the owner key of a newly filed report (inside the filing transaction); returns it once. */
export function issueOwner(tx: Tx, reportId: number): string {
	const key = newKey();
	tx.insert(reportKeys)
		.values({ reportId, kind: 'owner', keyHash: sha(key), createdAt: now() })
		.run();
	return key;
}

/** A single-use "fixed / not fixed" link, valid FOLLOWUP_DAYS. */
export function issueFollowup(tx: Tx, reportId: number): string {
	const key = newKey();
	tx.insert(reportKeys)
		.values({
			reportId,
			kind: 'followup',
			keyHash: sha(key),
			createdAt: now(),
			expiresAt: new Date(nowMs() + FOLLOWUP_DAYS * 86400000)
		})
		.run();
	return key;
}

export type OpenError = 'not_found' | 'limited';
export type Opened = { ok: true; report: Report; kind: 'owner' | 'followup'; keyId: number };

/**
 * Resolves a private key to its report. Counted per address before the lookup; a wrong, used or
 * expired key is `not_found` and logged.
 */
export function open(
	db: Executor,
	key: string,
	ip: string
): Opened | { ok: false; error: OpenError; retryAfter?: number } {
	const lim = rateLimit.hit(db, `report_key:ip:${ip}`, config.limitReportKey);
	if (!lim.ok) {
		security.record(db, 'report_key.throttled', { ip });
		return { ok: false, error: 'limited', retryAfter: lim.retryAfter };
	}
	const row = KEY_RE.test(key)
		? db
				.select()
				.from(reportKeys)
				.where(
					and(
						eq(reportKeys.keyHash, sha(key)),
						inArray(reportKeys.kind, ['owner', 'followup']),
						isNull(reportKeys.usedAt),
						or(isNull(reportKeys.expiresAt), gt(reportKeys.expiresAt, now()))
					)
				)
				.get()
		: undefined;
	const report = row && db.select().from(reports).where(eq(reports.id, row.reportId)).get();
	if (!row || !report) {
		security.record(db, 'report_key.failed', { ip, detail: { via: 'link' } });
		return { ok: false, error: 'not_found' };
	}
	// counted before the lookup, atomically; a right key gives its attempt back
	rateLimit.refund(db, `report_key:ip:${ip}`);
	return { ok: true, report, kind: row.kind as 'owner' | 'followup', keyId: row.id };
}

/** Marks a single-use link used (inside the transaction that acts on it); false if it already was. */
export function spend(tx: Tx, keyId: number): boolean {
	return (
		tx
			.update(reportKeys)
			.set({ usedAt: now() })
			.where(and(eq(reportKeys.id, keyId), eq(reportKeys.kind, 'followup'), isNull(reportKeys.usedAt)))
			.run().changes === 1
	);
}

/**
 * Where a message can go: the e-mail address or phone number inside what the reporter left
 * (Open311 clients send names too), or null.
 */
export function contactAddress(contact: string | null): { channel: 'email' | 'sms'; to: string } | null {
	if (!contact) return null;
	const email = /[^\s@]+@[^\s@]+\.[^\s@]+/.exec(contact);
	if (email) return { channel: 'email', to: email[0] };
	const phone = /\+?\d[\d -]{5,}\d/.exec(contact);
	return phone ? { channel: 'sms', to: phone[0].replace(/[ -]/g, '') } : null;
}

/** Masks a contact for the reporter's own page hint: `138****1234`, `a***@example.org`. */
export function maskContact(c: string): string {
	if (c.includes('@')) return c.replace(/^([^@])[^@]*@/, '$1***@');
	return c.length > 7 ? c.slice(0, 3) + '****' + c.slice(-4) : '****';
}

/**
 * Sends a one-time code to the contact on file (lost link). `no_contact`: the reporter left
 * none — they can still make a personal-data request, checked by an admin by other means.
 */
export function sendCode(
	db: DB,
	report: Report,
	ip: string
): { ok: true; to: string } | { ok: false; error: 'no_contact' | 'limited'; retryAfter?: number } {
	const to = contactAddress(report.contact);
	if (!to) return { ok: false, error: 'no_contact' };
	const perIp = rateLimit.hit(db, `report_code:ip:${ip}`, config.limitAnonWrite);
	const perReport = rateLimit.hit(db, `report_code:r:${report.id}`, config.limitReportCode);
	if (!perIp.ok || !perReport.ok)
		return { ok: false, error: 'limited', retryAfter: Math.max(perIp.retryAfter, perReport.retryAfter) };
	const otp = String(randomInt(0, 1000000)).padStart(6, '0');
	db.transaction((tx) => {
		tx.insert(reportKeys)
			.values({
				reportId: report.id,
				kind: 'otp',
				keyHash: sha(`${report.id}:${otp}:${newKey()}`).slice(0, 8) + sha(`${report.id}:${otp}`),
				createdAt: now(),
				expiresAt: new Date(nowMs() + OTP_MINUTES * 60000)
			})
			.run();
		outbox.enqueue(tx, {
			channel: to.channel,
			recipient: to.to,
			subject: `随手拍 ${report.code} 验证码 / code for report ${report.code}`,
			body:
				`您的验证码：${otp}（${OTP_MINUTES} 分钟内有效）。如非本人操作请忽略。\n` +
				`Your one-time code: ${otp} (valid ${OTP_MINUTES} minutes). Ignore this message if you did not ask for it.`
		});
		security.record(tx, 'report_code.sent', { ip, detail: { report: report.code } });
	});
	return { ok: true, to: maskContact(to.to) };
}

/**
 * Redeems a one-time code: on success the live codes are spent and a new owner key is made (and
 * returned, to be shown once). Wrong codes count against every live code of the report (5 tries)
 * and against the address.
 */
export function redeemCode(
	db: DB,
	report: Report,
	code: string,
	ip: string
): { ok: true; key: string } | { ok: false; error: 'wrong' | 'limited'; retryAfter?: number } {
	const lim = rateLimit.hit(db, `report_key:ip:${ip}`, config.limitReportKey);
	if (!lim.ok) {
		security.record(db, 'report_key.throttled', { ip });
		return { ok: false, error: 'limited', retryAfter: lim.retryAfter };
	}
	const clean = code.replace(/\s/g, '');
	return db.transaction((tx) => {
		const live = tx
			.select()
			.from(reportKeys)
			.where(
				and(
					eq(reportKeys.reportId, report.id),
					eq(reportKeys.kind, 'otp'),
					isNull(reportKeys.usedAt),
					gt(reportKeys.expiresAt, now()),
					sql`${reportKeys.attempts} < ${OTP_TRIES}`
				)
			)
			.all();
		const want = Buffer.from(sha(`${report.id}:${clean}`));
		const match = /^\d{6}$/.test(clean)
			? live.find((k) => timingSafeEqual(Buffer.from(k.keyHash.slice(8)), want))
			: undefined;
		if (!match) {
			for (const k of live)
				tx.update(reportKeys)
					.set({ attempts: sql`${reportKeys.attempts} + 1` })
					.where(eq(reportKeys.id, k.id))
					.run();
			security.record(tx, 'report_key.failed', { ip, detail: { via: 'code', report: report.code } });
			return { ok: false as const, error: 'wrong' as const };
		}
		for (const k of live) tx.update(reportKeys).set({ usedAt: now() }).where(eq(reportKeys.id, k.id)).run();
		rateLimit.refund(tx, `report_key:ip:${ip}`);
		return { ok: true as const, key: issueOwner(tx, report.id) };
	});
}
