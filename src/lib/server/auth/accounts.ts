/**
 * Accounts: staff/admin creation (CLI), organisation self-registration, login with throttling,
 * password change, TOTP enrolment. Every change writes an audit row in the same transaction.
 * Outcomes are returned as values ({ ok: false, error }) so routes map them to localised messages.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { DB, Executor } from '../db';
import { users, organisations, ROLES, type Role } from './schema';
import { departments, towns } from '../reference/schema';
import { checkNewPassword, hashPassword, verifyPassword, dummyHash, type PasswordProblem } from './password';
import { newTotpKey, encodeKey, decodeKey, verifyTotpStep, totpUri, keyBase32 } from './totp';
import { invalidateUserSessions } from './session';
import * as audit from '../audit';
import { notify } from '../outbox/notify';
import { issueConfirmation, removePending } from './confirm';
import * as rateLimit from '../rate-limit';
import * as security from '../security';
import { checkCurrentPassword } from './reauth';
import { config } from '../config';
import { now } from '../clock';
import { isValidCreditCode, normaliseCreditCode } from '../../auth/credit-code';
import { CELL_TYPES, TOWNS } from '../reference';

export function newId(): string {
	const b = new Uint8Array(15);
	crypto.getRandomValues(b);
	return encodeBase32LowerCaseNoPadding(b);
}

export const normaliseEmail = (e: string) => e.trim().toLowerCase();
const emailSchema = z.string().trim().toLowerCase().max(254).email();

export type Fail<E extends string> = { ok: false; error: E };
export type Ok<T> = { ok: true } & T;

// ---------- staff and admin (CLI) ----------

export type CreateStaffError =
	'bad_email' | 'email_taken' | 'bad_role' | 'department_required' | 'unknown_department' | PasswordProblem;

/**
 * Creates a staff or admin account. The CLI enrols a TOTP key at once (printed once); the admin
 * page passes `enrol: false`, so the new member enrols their own authenticator at first sign-in.
 */
export async function createStaff(
	db: DB,
	input: { email: string; role: string; department?: string | null; password: string; displayName?: string },
	opts: { actor?: audit.Actor; enrol?: boolean } = {}
): Promise<Ok<{ userId: string; totpKey: string; totpUri: string }> | Fail<CreateStaffError>> {
	const email = emailSchema.safeParse(input.email);
	if (!email.success) return { ok: false, error: 'bad_email' };
	if (input.role !== 'admin' && input.role !== 'staff') return { ok: false, error: 'bad_role' };
	if (input.role === 'staff' && !input.department) return { ok: false, error: 'department_required' };
	if (input.department && !db.select().from(departments).where(eq(departments.code, input.department)).get())
		return { ok: false, error: 'unknown_department' };
	const problem = await checkNewPassword(input.password, email.data);
	if (problem) return { ok: false, error: problem };
	if (db.select({ id: users.id }).from(users).where(eq(users.email, email.data)).get())
		return { ok: false, error: 'email_taken' };
	const passwordHash = await hashPassword(input.password);
	const key = newTotpKey();
	const sealedKey = opts.enrol === false ? null : encodeKey(db, key);
	const id = newId();
	const t = now();
	try {
		db.transaction((tx) => {
			tx.insert(users)
				.values({
					id,
					email: email.data,
					passwordHash,
					role: input.role as Role,
					departmentCode: input.department ?? null,
					displayName: input.displayName ?? email.data,
					totpKey: sealedKey,
					createdAt: t,
					confirmedAt: t,
					passwordChangedAt: t
				})
				.run();
			audit.record(tx, {
				actor: opts.actor ?? audit.SYSTEM,
				action: 'user.create',
				subject: { type: 'user', id },
				after: { email: email.data, role: input.role, department: input.department ?? null },
				note: opts.actor ? 'created on /admin/users' : 'created by the user:add CLI'
			});
		});
	} catch (e) {
		if (String(e).includes('UNIQUE')) return { ok: false, error: 'email_taken' };
		throw e;
	}
	return { ok: true, userId: id, totpKey: keyBase32(key), totpUri: totpUri(email.data, key) };
}

// ---------- organisations ----------

export const ORG_TYPES = [...CELL_TYPES.map((c) => c.code), 'other'] as const;

export const registerSchema = z.object({
	orgName: z.string().trim().min(2, 'required').max(100, 'too_long'),
	orgType: z.enum(ORG_TYPES as unknown as [string, ...string[]], { message: 'choose' }),
	town: z.string().refine((t) => TOWNS.some((x) => x.code === t), 'choose'),
	creditCode: z
		.string()
		.transform(normaliseCreditCode)
		.refine((c) => c.length === 18, 'credit_length')
		.refine(isValidCreditCode, 'credit_check'),
	contactName: z.string().trim().min(1, 'required').max(50, 'too_long'),
	contactPhone: z
		.string()
		.trim()
		.regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}|\+?[\d\s-]{7,20})$/, 'phone'),
	email: z.string().trim().toLowerCase().max(254, 'too_long').email('email'),
	password: z.string().max(1024, 'too_long')
});

/** Password problems are checked apart from the schema so they show together with every other error. */
export async function passwordError(raw: Record<string, unknown>): Promise<FieldErrors> {
	const password = typeof raw.password === 'string' ? raw.password : '';
	const email = typeof raw.email === 'string' ? raw.email.trim().toLowerCase() : undefined;
	const p = await checkNewPassword(password, email);
	return p ? { password: `password_${p}` } : {};
}

export type RegisterInput = z.input<typeof registerSchema>;
export type FieldErrors = Record<string, string>;

export function fieldErrors(issues: z.core.$ZodIssue[]): FieldErrors {
	const out: FieldErrors = {};
	for (const i of issues) {
		const k = String(i.path[0] ?? 'form');
		out[k] ??= i.message;
	}
	return out;
}

/**
 * Registers an organisation and its first member (role `org`), without telling anyone whether the
 * address already has an account (issue 16):
 * - a new address: the organisation and a *pending* account are created and a confirmation link
 *   is emailed; following it signs the person in and continues to `next`;
 * - an address already in use (any account, staff too): nothing is created and that address gets
 *   "you already have an account" (with sign-in and reset links) instead;
 * - an address whose earlier registration was never confirmed: that registration is replaced by
 *   this one (the person may have lost the email or mistyped the password).
 * Both ways the same answer and the same work (one argon2 hash, one transaction, one email).
 * Outcomes: ok (the route shows "check your email"); `invalid` with field errors (the form's own
 * checks, and a credit code already registered, which says nothing about the address);
 * `limited` when the address registers too often. `confirmed: true` (test builders) skips the
 * email and returns the new account.
 */
export async function registerOrganisation(
	db: DB,
	raw: Record<string, unknown>,
	ip: string,
	opts: { locale?: 'zh-CN' | 'en'; next?: string | null; confirmed?: boolean } = {}
): Promise<
	Ok<{ userId?: string }> | { ok: false; error: 'invalid' | 'limited'; fields: FieldErrors; retryAfter?: number }
> {
	const parsed = registerSchema.safeParse(raw);
	const pw = await passwordError(raw);
	if (!parsed.success || pw.password) {
		return {
			ok: false,
			error: 'invalid',
			fields: { ...(parsed.success ? {} : fieldErrors(parsed.error.issues)), ...pw }
		};
	}
	const v = parsed.data;
	const locale = opts.locale ?? 'zh-CN';
	// counted before revealing anything about the address, so the form cannot be used to probe
	const lim = rateLimit.hit(db, `register:ip:${ip}`, config.limitRegister);
	if (!lim.ok) return { ok: false, error: 'limited', fields: {}, retryAfter: lim.retryAfter };
	// hashed before anything is looked up, so both ways below cost the same
	const passwordHash = await hashPassword(v.password);
	const existing = db.select().from(users).where(eq(users.email, v.email)).get();
	const replacing = existing && !existing.confirmedAt && existing.role === 'org' ? existing : undefined;
	const codeHolder = db
		.select({ id: organisations.id })
		.from(organisations)
		.where(eq(organisations.creditCode, v.creditCode))
		.get();
	if (codeHolder && codeHolder.id !== replacing?.orgId)
		return { ok: false, error: 'invalid', fields: { creditCode: 'credit_taken' } };
	if (existing && !replacing) {
		db.transaction((tx) => {
			notify(tx, 'account.already_registered', v.email, { loginLink: '/login', resetLink: '/login/forgot' }, locale, {
				channel: 'email'
			});
			audit.record(tx, {
				actor: { type: 'anonymous' },
				action: 'user.register_existing',
				subject: { type: 'user', id: existing.id },
				note: 'registration with an address in use: told by email, nothing created'
			});
		});
		return { ok: true };
	}
	const orgId = newId();
	const userId = newId();
	const t = now();
	try {
		db.transaction((tx) => {
			if (replacing) removePending(tx, replacing);
			tx.insert(organisations)
				.values({
					id: orgId,
					name: v.orgName,
					type: v.orgType,
					townCode: v.town,
					creditCode: v.creditCode,
					contactName: v.contactName,
					contactPhone: v.contactPhone,
					createdAt: t
				})
				.run();
			tx.insert(users)
				.values({
					id: userId,
					email: v.email,
					passwordHash,
					role: 'org',
					orgId,
					orgRole: 'admin',
					displayName: v.contactName,
					confirmedAt: opts.confirmed ? t : null,
					createdAt: t,
					passwordChangedAt: t
				})
				.run();
			if (!opts.confirmed)
				issueConfirmation(tx, { userId, purpose: 'register', email: v.email, next: opts.next, locale });
			audit.record(tx, {
				actor: { type: 'user', id: userId },
				action: 'organisation.register',
				subject: { type: 'organisation', id: orgId },
				after: { name: v.orgName, type: v.orgType, town: v.town },
				note: opts.confirmed ? undefined : 'pending until the emailed link is followed'
			});
		});
	} catch (e) {
		// two registrations racing: for one address the loser answers as usual (the winner's email
		// is on its way to that address); for one credit code, as a code already registered
		if (String(e).includes('users.email')) return { ok: true };
		if (String(e).includes('UNIQUE')) return { ok: false, error: 'invalid', fields: { creditCode: 'credit_taken' } };
		throw e;
	}
	return opts.confirmed ? { ok: true, userId } : { ok: true };
}

// ---------- login ----------

export type LoginError = 'invalid' | 'throttled' | 'unconfirmed';

/**
 * The sign-in limits, checked and counted before the password is looked at, each in one atomic
 * SQLite statement (`rateLimit.hit`), so simultaneous attempts cannot all slip past a read:
 * - per address (any account): RATE_LIMIT_LOGIN_IP;
 * - per account + address: RATE_LIMIT_LOGIN_ACCOUNT — the owner's own address is never
 *   limited by what others do;
 * - per account across addresses: RATE_LIMIT_LOGIN_ACCOUNT_ALL, counted for every attempt but
 *   enforced only on an address that has already failed on this account in the window, so the
 *   owner signing in from a clean address still gets in while someone hammers from many others.
 * A successful sign-in gives back what it counted.
 */
export function loginGate(
	db: Executor,
	email: string,
	ip: string
): { ok: true; release: () => void } | { ok: false; retryAfter: number } {
	const ipKey = `login:ip:${ip}`;
	const pairKey = `login:pair:${email}|${ip}`;
	const acctKey = `login:acct:${email}`;
	const byIp = rateLimit.hit(db, ipKey, config.limitLoginIp);
	const pair = email ? rateLimit.hit(db, pairKey, config.limitLoginAccount) : null;
	const all = email ? rateLimit.hit(db, acctKey, config.limitLoginAccountAll) : null;
	// this address failed on this account before (its earlier attempts are still counted)
	const seenHere = !!pair && config.limitLoginAccount.count - pair.remaining > 1;
	const refused = [byIp, pair, seenHere ? all : null].filter((r) => r && !r.ok) as rateLimit.LimitResult[];
	if (refused.length) return { ok: false, retryAfter: Math.max(...refused.map((r) => r.retryAfter)) };
	return {
		ok: true,
		release: () => {
			rateLimit.refund(db, ipKey);
			if (email) {
				rateLimit.reset(db, pairKey);
				rateLimit.refund(db, acctKey);
			}
		}
	};
}

/**
 * Checks email + password. The same `invalid` answer (and the same argon2 work) for an unknown
 * account and a wrong password. The limits (loginGate) are checked and counted first; a refused
 * attempt answers `throttled` without checking the password. Each password actually checked and
 * wrong is one `login.failed` security event. The right password of a registration not yet
 * confirmed answers `unconfirmed` (and sends the link again): only its registrant can see that.
 */
export async function login(
	db: DB,
	input: { email: unknown; password: unknown },
	ip: string,
	opts: { locale?: 'zh-CN' | 'en' } = {}
): Promise<Ok<{ userId: string; role: Role }> | (Fail<LoginError> & { retryAfter?: number })> {
	const email = typeof input.email === 'string' ? normaliseEmail(input.email).slice(0, 254) : '';
	const password = typeof input.password === 'string' ? input.password : '';
	const gate = loginGate(db, email, ip);
	const known = email ? db.select().from(users).where(eq(users.email, email)).get() : undefined;
	if (!gate.ok) {
		security.record(db, 'login.throttled', { user: known?.id ?? null, ip });
		return { ok: false, error: 'throttled', retryAfter: gate.retryAfter };
	}
	const user = known;
	const good =
		user && !user.disabledAt
			? await verifyPassword(user.passwordHash, password)
			: (await verifyPassword(await dummyHash(), password), false);
	if (!good || !user) {
		security.record(db, 'login.failed', {
			user: user?.id ?? null,
			ip,
			detail: user ? undefined : { account: 'unknown' }
		});
		return { ok: false, error: 'invalid' };
	}
	gate.release();
	if (!user.confirmedAt) {
		// Only someone who knows this pending account's password gets here, i.e. whoever
		// registered it; they learn nothing new. A fresh link goes to the address (at most
		// RATE_LIMIT_RESET_ACCOUNT an hour), which still has to be opened to sign in.
		if (rateLimit.hit(db, `confirm:resend:${user.id}`, config.limitResetAccount).ok)
			db.transaction((tx) =>
				issueConfirmation(tx, {
					userId: user.id,
					purpose: 'register',
					email: user.email,
					next: undefined,
					locale: opts.locale ?? 'zh-CN'
				})
			);
		return { ok: false, error: 'unconfirmed' };
	}
	security.record(db, 'login.ok', { user: user.id, ip });
	return { ok: true, userId: user.id, role: user.role };
}

// ---------- password change ----------

export type ChangePasswordError = 'wrong_password' | PasswordProblem;

/** Changes the password after checking the current one; ends every other session of the user. */
export async function changePassword(
	db: DB,
	userId: string,
	currentSessionId: string,
	input: { current: string; next: string }
): Promise<Ok<object> | (Fail<ChangePasswordError | 'throttled'> & { retryAfter?: number })> {
	// current-password checks are limited like sign-in: counted before the check, given back on success
	const re = await checkCurrentPassword(db, userId, input.current);
	if (!re.ok) return re;
	const user = db.select().from(users).where(eq(users.id, userId)).get();
	if (!user) return { ok: false, error: 'wrong_password' };
	const problem = await checkNewPassword(input.next, user.email);
	if (problem) return { ok: false, error: problem };
	const passwordHash = await hashPassword(input.next);
	db.transaction((tx) => {
		tx.update(users).set({ passwordHash, passwordChangedAt: now() }).where(eq(users.id, userId)).run();
		invalidateUserSessions(tx, userId, currentSessionId);
		audit.record(tx, {
			actor: { type: 'user', id: userId },
			action: 'user.password_change',
			subject: { type: 'user', id: userId },
			note: 'other sessions ended'
		});
		security.record(tx, 'password.changed', { user: userId });
	});
	return { ok: true };
}

// ---------- TOTP ----------

/** Checks a TOTP code against the user's enrolled key; each code is accepted once only. */
export function checkTotp(db: DB, userId: string, code: string): boolean {
	const user = db
		.select({ key: users.totpKey, last: users.totpLastStep })
		.from(users)
		.where(eq(users.id, userId))
		.get();
	if (!user?.key) return false;
	const step = verifyTotpStep(decodeKey(db, user.key), code, user.last);
	if (step === null) return false;
	db.update(users).set({ totpLastStep: step }).where(eq(users.id, userId)).run();
	return true;
}

/**
 * Confirms enrolment: the pending key becomes the user's key once a code from it verifies. The
 * code's step counts as used, so the code typed here cannot sign in again.
 */
export function enrolTotp(db: DB, userId: string, pendingKey: string, code: string): boolean {
	const step = verifyTotpStep(decodeKey(db, pendingKey), code);
	if (step === null) return false;
	db.transaction((tx) => {
		tx.update(users).set({ totpKey: pendingKey, totpLastStep: step }).where(eq(users.id, userId)).run();
		audit.record(tx, {
			actor: { type: 'user', id: userId },
			action: 'user.totp_enrol',
			subject: { type: 'user', id: userId }
		});
	});
	return true;
}

export function getUser(db: DB, id: string) {
	return db.select().from(users).where(eq(users.id, id)).get();
}

export function getOrganisation(db: DB, id: string) {
	return db.select().from(organisations).where(eq(organisations.id, id)).get();
}

export { ROLES, towns };
