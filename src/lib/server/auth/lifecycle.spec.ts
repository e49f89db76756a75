import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, org, TEST_PASSWORD } from '../testing/builders';
import * as accounts from './accounts';
import * as lifecycle from './lifecycle';
import * as staffAdmin from './staff-admin';
import * as members from './org-members';
import { users, passwordResets, recoveryCodes, orgInvitations, emailConfirmations } from './schema';
import * as confirm from './confirm';
import { outbox } from '../outbox/schema';
import { auditLog } from '../audit/schema';
import { createSession, generateSessionToken, validateSessionToken, activeSessions } from './session';
import { within } from '../http/scope';
import { codeAt } from './totp';
import { setNow, advance, nowMs } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-02T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

const NEW_PASSWORD = 'a brand new passphrase for spring';
const mails = (to: string) => t.db.select().from(outbox).where(eq(outbox.recipient, to)).all();
const tokenIn = (body: string, path: string) => new RegExp(`${path}/([a-z2-7]{52})`).exec(body)?.[1];
const actions = () =>
	t.db
		.select()
		.from(auditLog)
		.all()
		.map((a) => a.action);
/** Asks for a reset and waits for the work done after the answer. */
async function reset(email: string, ip: string, locale: lifecycle.Locale) {
	const r = lifecycle.requestPasswordReset(t.db, email, ip, locale);
	if (!r.ok) return r;
	await r.done;
	return { ok: true };
}
const signIn = (userId: string) => {
	const token = generateSessionToken();
	return { token, session: createSession(t.db, token, userId, { twoFactorVerified: true }) };
};

describe('password reset', () => {
	it('answers the same for unknown, staff and org accounts; mails only the org, with a 256-bit token stored hashed', async () => {
		const o = await org(t.db);
		const s = await staff(t.db);
		expect(await reset('nobody@example.com', '1.1.1.1', 'zh-CN')).toEqual({ ok: true });
		expect(await reset(s.email, '1.1.1.1', 'zh-CN')).toEqual({ ok: true });
		expect(await reset(o.email.toUpperCase(), '1.1.1.1', 'en')).toEqual({ ok: true });
		expect(mails('nobody@example.com')).toHaveLength(0);
		expect(mails(s.email)).toHaveLength(0);
		const [mail] = mails(o.email);
		const token = tokenIn(mail.body, '/en/login/reset')!;
		expect(token).toHaveLength(52);
		const rows = t.db.select().from(passwordResets).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBe(lifecycle.hashToken(token));
		expect(JSON.stringify(rows)).not.toContain(token);
	});

	it('works once, ends every session, and the old password stops working', async () => {
		const o = await org(t.db);
		const a = signIn(o.userId);
		await reset(o.email, '1.1.1.1', 'zh-CN');
		const token = tokenIn(mails(o.email)[0].body, '/login/reset')!;
		expect(lifecycle.resetTokenValid(t.db, token)).toBe(true);
		expect(await lifecycle.resetPassword(t.db, token, '123')).toMatchObject({ ok: false, error: 'too_short' });
		expect((await lifecycle.resetPassword(t.db, token, NEW_PASSWORD)).ok).toBe(true);
		expect(validateSessionToken(t.db, a.token).user).toBeNull();
		expect(await lifecycle.resetPassword(t.db, token, 'another good passphrase')).toEqual({
			ok: false,
			error: 'invalid_token'
		});
		expect(lifecycle.resetTokenValid(t.db, token)).toBe(false);
		expect((await accounts.login(t.db, { email: o.email, password: TEST_PASSWORD }, '9.9.9.9')).ok).toBe(false);
		expect((await accounts.login(t.db, { email: o.email, password: NEW_PASSWORD }, '9.9.9.9')).ok).toBe(true);
		expect(actions()).toContain('user.password_reset');
	});

	it('expires after the configured minutes', async () => {
		const o = await org(t.db);
		await reset(o.email, '1.1.1.1', 'zh-CN');
		const token = tokenIn(mails(o.email)[0].body, '/login/reset')!;
		advance(59 * 60000);
		expect(lifecycle.resetTokenValid(t.db, token)).toBe(true);
		advance(61 * 1000);
		expect(lifecycle.resetTokenValid(t.db, token)).toBe(false);
		expect(await lifecycle.resetPassword(t.db, token, NEW_PASSWORD)).toEqual({ ok: false, error: 'invalid_token' });
	});

	it('expired tokens are pruned a day after expiry', async () => {
		const o = await org(t.db);
		await reset(o.email, '1.1.1.1', 'zh-CN');
		advance(60 * 60000 + 86400000 - 1000);
		expect(lifecycle.pruneTokens(t.db)).toBe(0);
		advance(2000);
		expect(lifecycle.pruneTokens(t.db)).toBe(1);
		expect(t.db.select().from(passwordResets).all()).toHaveLength(0);
	});

	it('using one link uses up the others', async () => {
		const o = await org(t.db);
		await reset(o.email, '1.1.1.1', 'zh-CN');
		await reset(o.email, '1.1.1.1', 'zh-CN');
		const [first, second] = mails(o.email).map((x) => tokenIn(x.body, '/login/reset')!);
		expect((await lifecycle.resetPassword(t.db, second, NEW_PASSWORD)).ok).toBe(true);
		expect(lifecycle.resetTokenValid(t.db, first)).toBe(false);
	});

	it('throttles per account silently and per address openly', async () => {
		const o = await org(t.db);
		for (let i = 0; i < 5; i++) expect(await reset(o.email, `2.2.2.${i}`, 'zh-CN')).toEqual({ ok: true });
		expect(mails(o.email)).toHaveLength(3);
		for (let i = 0; i < 10; i++) await reset(`x${i}@example.com`, '3.3.3.3', 'zh-CN');
		expect(await reset('y@example.com', '3.3.3.3', 'zh-CN')).toMatchObject({
			ok: false,
			error: 'limited',
			retryAfter: expect.any(Number)
		});
	});
});

describe('changing the sign-in email', () => {
	it('asks for the password again; the address changes only from the link sent to it, and the old one is told', async () => {
		const o = await org(t.db);
		const here = signIn(o.userId);
		const other = signIn(o.userId);
		expect(
			await lifecycle.changeContact(t.db, o.userId, here.session.id, {
				password: 'wrong password here',
				email: 'new@example.com'
			})
		).toMatchObject({ ok: false, error: 'wrong_password' });
		expect(
			await lifecycle.changeContact(
				t.db,
				o.userId,
				here.session.id,
				{ password: TEST_PASSWORD, email: 'New@example.com', phone: '13912345678' },
				'en'
			)
		).toEqual({ ok: true, changed: true, emailPending: 'new@example.com' });
		// the phone applied at once (other sessions end); the email waits for the link
		expect(validateSessionToken(t.db, here.token).user?.email).toBe(o.email);
		expect(validateSessionToken(t.db, other.token).user).toBeNull();
		const [mail] = mails('new@example.com');
		expect(mail.template).toBe('account.email_confirm');
		const token = tokenIn(mail.body, '/en/account/email')!;
		expect(JSON.stringify(t.db.select().from(emailConfirmations).all())).not.toContain(token);
		expect(confirm.confirmEmailChange(t.db, 'x'.repeat(52))).toEqual({ ok: false, error: 'invalid_token' });
		expect(confirm.confirmEmailChange(t.db, token)).toEqual({ ok: true, userId: o.userId });
		expect(accounts.getUser(t.db, o.userId)?.email).toBe('new@example.com');
		expect(mails(o.email).map((m) => m.template)).toEqual(['account.email_changed']);
		// every session ends: the account signs in again with the new address
		expect(validateSessionToken(t.db, here.token).user).toBeNull();
		expect(confirm.confirmEmailChange(t.db, token)).toEqual({ ok: false, error: 'invalid_token' });
		expect(actions()).toEqual(
			expect.arrayContaining(['user.email_change_request', 'user.email_change', 'organisation.phone_change'])
		);
	});

	it('a link expires, and a second request replaces the first', async () => {
		const o = await org(t.db);
		const here = signIn(o.userId);
		const ask = (email: string) =>
			lifecycle.changeContact(t.db, o.userId, here.session.id, { password: TEST_PASSWORD, email });
		await ask('first@example.com');
		await ask('second@example.com');
		const first = tokenIn(mails('first@example.com')[0].body, '/account/email')!;
		const second = tokenIn(mails('second@example.com')[0].body, '/account/email')!;
		expect(confirm.confirmEmailChange(t.db, first)).toEqual({ ok: false, error: 'invalid_token' });
		advance(48 * 3600000 + 1000);
		expect(confirm.confirmEmailChange(t.db, second)).toEqual({ ok: false, error: 'invalid_token' });
		expect(accounts.getUser(t.db, o.userId)?.email).toBe(o.email);
	});
});

describe('recovery codes', () => {
	it('makes ten, stores only hashes, and each works once for its owner only', async () => {
		const s = await staff(t.db);
		const other = await staff(t.db);
		const codes = lifecycle.generateRecoveryCodes(t.db, s.userId);
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		const stored = JSON.stringify(t.db.select().from(recoveryCodes).all());
		for (const c of codes) {
			expect(stored).not.toContain(c);
			expect(stored).not.toContain(lifecycle.normaliseRecoveryCode(c));
		}
		expect(lifecycle.useRecoveryCode(t.db, other.userId, codes[0])).toBe(false);
		expect(lifecycle.useRecoveryCode(t.db, s.userId, ` ${codes[0].toUpperCase()} `)).toBe(true);
		expect(lifecycle.useRecoveryCode(t.db, s.userId, codes[0])).toBe(false);
		expect(lifecycle.remainingRecoveryCodes(t.db, s.userId)).toBe(9);
		expect(actions()).toContain('user.recovery_code_use');
	});

	it('a new set (password and TOTP) replaces the old one', async () => {
		const s = await staff(t.db);
		const old = lifecycle.generateRecoveryCodes(t.db, s.userId);
		expect(
			await lifecycle.regenerateRecoveryCodes(t.db, s.userId, { password: TEST_PASSWORD, code: '000000' })
		).toMatchObject({ ok: false, error: 'totp' });
		expect(
			await lifecycle.regenerateRecoveryCodes(t.db, s.userId, {
				password: 'not the password',
				code: codeAt(s.key, nowMs())
			})
		).toMatchObject({ ok: false, error: 'wrong_password' });
		const r = await lifecycle.regenerateRecoveryCodes(t.db, s.userId, {
			password: TEST_PASSWORD,
			code: codeAt(s.key, nowMs())
		});
		expect(r.ok).toBe(true);
		expect(lifecycle.useRecoveryCode(t.db, s.userId, old[1])).toBe(false);
		expect(lifecycle.remainingRecoveryCodes(t.db, s.userId)).toBe(10);
	});

	it('stops accepting guesses for a new set after five wrong tries', async () => {
		const s = await staff(t.db);
		for (let i = 0; i < 5; i++)
			await lifecycle.regenerateRecoveryCodes(t.db, s.userId, { password: TEST_PASSWORD, code: '000000' });
		expect(
			await lifecycle.regenerateRecoveryCodes(t.db, s.userId, { password: TEST_PASSWORD, code: codeAt(s.key, nowMs()) })
		).toMatchObject({ ok: false, error: 'throttled', retryAfter: expect.any(Number) });
	});
});

describe('staff administration', () => {
	it('disabling ends sessions and blocks login; re-enabling lets them in again', async () => {
		const admin = await staff(t.db, { role: 'admin' });
		const s = await staff(t.db);
		const a = signIn(s.userId);
		expect(staffAdmin.setDisabled(t.db, admin.userId, s.userId, true).ok).toBe(true);
		expect(validateSessionToken(t.db, a.token).user).toBeNull();
		expect(await accounts.login(t.db, { email: s.email, password: TEST_PASSWORD }, '4.4.4.4')).toEqual({
			ok: false,
			error: 'invalid'
		});
		expect(staffAdmin.setDisabled(t.db, admin.userId, s.userId, false).ok).toBe(true);
		expect((await accounts.login(t.db, { email: s.email, password: TEST_PASSWORD }, '4.4.4.5')).ok).toBe(true);
		expect(staffAdmin.setDisabled(t.db, admin.userId, admin.userId, true)).toEqual({ ok: false, error: 'self' });
		expect(actions()).toEqual(expect.arrayContaining(['user.disable', 'user.enable']));
	});

	it('moves a member between departments and resets the second factor', async () => {
		const admin = await staff(t.db, { role: 'admin' });
		const s = await staff(t.db);
		lifecycle.generateRecoveryCodes(t.db, s.userId);
		expect(staffAdmin.moveDepartment(t.db, admin.userId, s.userId, 'nope')).toEqual({
			ok: false,
			error: 'unknown_department'
		});
		expect(staffAdmin.moveDepartment(t.db, admin.userId, s.userId, 'ecology_environment').ok).toBe(true);
		expect(accounts.getUser(t.db, s.userId)?.departmentCode).toBe('ecology_environment');
		const a = signIn(s.userId);
		expect(staffAdmin.resetSecondFactor(t.db, admin.userId, s.userId).ok).toBe(true);
		expect(accounts.getUser(t.db, s.userId)?.totpKey).toBeNull();
		expect(lifecycle.remainingRecoveryCodes(t.db, s.userId)).toBe(0);
		expect(validateSessionToken(t.db, a.token).user).toBeNull();
		expect(actions()).toEqual(expect.arrayContaining(['user.department_change', 'user.totp_reset']));
	});

	it('creates staff with the CLI rules, to enrol at first sign-in', async () => {
		const admin = await staff(t.db, { role: 'admin' });
		expect(
			await staffAdmin.addStaff(t.db, admin.userId, {
				email: 'x@miyun.gov.cn',
				role: 'staff',
				department: '',
				password: NEW_PASSWORD
			})
		).toEqual({ ok: false, error: 'department_required' });
		const r = await staffAdmin.addStaff(t.db, admin.userId, {
			email: 'x@miyun.gov.cn',
			role: 'staff',
			department: 'city_management',
			password: NEW_PASSWORD
		});
		expect(r.ok).toBe(true);
		const u = t.db.select().from(users).where(eq(users.email, 'x@miyun.gov.cn')).get()!;
		expect(u.totpKey).toBeNull();
		expect(
			t.db
				.select()
				.from(auditLog)
				.all()
				.find((x) => x.action === 'user.create' && x.subjectId === u.id)?.actorId
		).toBe(admin.userId);
	});
});

describe('organisation members', () => {
	const member = (id: string) => {
		const u = accounts.getUser(t.db, id)!;
		return { id: u.id, role: u.role, orgId: u.orgId, orgRole: u.orgRole };
	};

	it('an admin invites by email; the invitee joins once with their own password', async () => {
		const o = await org(t.db);
		expect(members.invite(t.db, member(o.userId), 'new.member@example.com', 'zh-CN').ok).toBe(true);
		const token = tokenIn(mails('new.member@example.com')[0].body, '/invite')!;
		expect(t.db.select().from(orgInvitations).get()!.id).toBe(lifecycle.hashToken(token));
		expect(members.invitation(t.db, token)).toMatchObject({ email: 'new.member@example.com' });
		const r = await members.accept(t.db, token, { displayName: '王五', password: NEW_PASSWORD });
		expect(r.ok).toBe(true);
		const joined = t.db.select().from(users).where(eq(users.email, 'new.member@example.com')).get()!;
		expect(joined).toMatchObject({ role: 'org', orgId: accounts.getUser(t.db, o.userId)!.orgId, orgRole: 'member' });
		expect(await members.accept(t.db, token, { displayName: 'x', password: NEW_PASSWORD })).toEqual({
			ok: false,
			error: 'invalid_token'
		});
		// a plain member cannot invite
		expect(members.invite(t.db, member(joined.id), 'third@example.com', 'zh-CN')).toEqual({
			ok: false,
			error: 'forbidden'
		});
		expect(actions()).toEqual(expect.arrayContaining(['organisation.invite', 'organisation.join']));
	});

	it('an invitation expires', async () => {
		const o = await org(t.db);
		members.invite(t.db, member(o.userId), 'late@example.com', 'zh-CN');
		const token = tokenIn(mails('late@example.com')[0].body, '/invite')!;
		advance(7 * 86400000 + 1000);
		expect(members.invitation(t.db, token)).toBeUndefined();
		expect(await members.accept(t.db, token, { displayName: 'x', password: NEW_PASSWORD })).toEqual({
			ok: false,
			error: 'invalid_token'
		});
	});

	it('a member can leave; the last admin cannot until another is made admin', async () => {
		const o = await org(t.db);
		members.invite(t.db, member(o.userId), 'm2@example.com', 'zh-CN');
		const token = tokenIn(mails('m2@example.com')[0].body, '/invite')!;
		const joined = await members.accept(t.db, token, { displayName: '赵六', password: NEW_PASSWORD });
		if (!joined.ok) throw new Error('join');
		expect(members.leave(t.db, member(o.userId))).toEqual({ ok: false, error: 'last_admin' });
		expect(members.makeAdmin(t.db, member(o.userId), joined.userId).ok).toBe(true);
		const a = signIn(o.userId);
		expect(members.leave(t.db, member(o.userId)).ok).toBe(true);
		expect(validateSessionToken(t.db, a.token).user).toBeNull();
		expect(accounts.getUser(t.db, o.userId)).toMatchObject({ orgId: null, orgRole: null });
		expect((await accounts.login(t.db, { email: o.email, password: TEST_PASSWORD }, '5.5.5.5')).ok).toBe(false);
		// the new admin is now the last one
		expect(members.leave(t.db, member(joined.userId))).toEqual({ ok: false, error: 'last_admin' });
		expect(actions()).toContain('organisation.leave');
	});
});

describe('signed-in devices (ASVS 7.5.2)', () => {
	const PHONE =
		'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
	it('lists the person’s running sessions with the browser each began in', async () => {
		const o = await org(t.db);
		const here = signIn(o.userId);
		const phone = within(new URL('https://example.gov.cn/login'), () => signIn(o.userId), PHONE);
		const list = activeSessions(t.db, o.userId);
		expect(list.map((s) => s.id).sort()).toEqual([here.session.id, phone.session.id].sort());
		expect(list.find((s) => s.id === phone.session.id)!.userAgent).toBe(PHONE);
		// an expired session is not listed
		advance(31 * 86400000);
		expect(activeSessions(t.db, o.userId)).toEqual([]);
	});

	it('signs out another device only with the current password, and only the person’s own', async () => {
		const o = await org(t.db);
		const other = await org(t.db);
		const here = signIn(o.userId);
		const phone = signIn(o.userId);
		const theirs = signIn(other.userId);
		expect(
			await lifecycle.endOtherSession(t.db, o.userId, here.session.id, phone.session.id, 'wrong password!')
		).toEqual({ ok: false, error: 'wrong_password' });
		expect(validateSessionToken(t.db, phone.token).session).not.toBeNull();
		// not someone else's session, and not the one asking (that is "sign out")
		expect(await lifecycle.endOtherSession(t.db, o.userId, here.session.id, theirs.session.id, TEST_PASSWORD)).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(validateSessionToken(t.db, theirs.token).session).not.toBeNull();
		expect(await lifecycle.endOtherSession(t.db, o.userId, here.session.id, here.session.id, TEST_PASSWORD)).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(await lifecycle.endOtherSession(t.db, o.userId, here.session.id, phone.session.id, TEST_PASSWORD)).toEqual({
			ok: true
		});
		expect(validateSessionToken(t.db, phone.token).session).toBeNull();
		expect(validateSessionToken(t.db, here.token).session).not.toBeNull();
		expect(actions()).toContain('user.session_end');
	});
});
