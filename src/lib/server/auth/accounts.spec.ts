import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, org, creditCode, TEST_PASSWORD } from '../testing/builders';
import * as accounts from './accounts';
import * as security from '../security';
import { users, organisations, sessions } from './schema';
import { auditLog } from '../audit/schema';
import { createSession, generateSessionToken, sessionIdFromToken, validateSessionToken } from './session';
import { codeAt } from './totp';
import { setNow, advance, nowMs } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-02T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

const validOrg = (over: Record<string, string> = {}) => ({
	orgName: '密云区第二小学',
	orgType: 'school',
	town: 'gulou',
	creditCode: creditCode(4242),
	contactName: '李老师',
	contactPhone: '13900000000',
	email: 'school@example.com',
	password: 'sorting is a habit we teach',
	...over
});

describe('login', () => {
	it('gives the same answer for an unknown account and a wrong password', async () => {
		const u = await staff(t.db);
		const a = await accounts.login(t.db, { email: 'nobody@example.com', password: 'whatever it is' }, '1.1.1.1');
		const b = await accounts.login(t.db, { email: u.email, password: 'wrong password here' }, '1.1.1.2');
		expect(a).toEqual({ ok: false, error: 'invalid' });
		expect(b).toEqual({ ok: false, error: 'invalid' });
		const c = await accounts.login(t.db, { email: u.email.toUpperCase(), password: TEST_PASSWORD }, '1.1.1.3');
		expect(c.ok).toBe(true);
	});

	it('throttles an account + address after 5 failures, even with the right password, until the window passes', async () => {
		const u = await staff(t.db);
		for (let i = 0; i < 5; i++) {
			expect((await accounts.login(t.db, { email: u.email, password: 'nope nope nope' }, '2.2.2.1')).ok).toBe(false);
		}
		const r = await accounts.login(t.db, { email: u.email, password: TEST_PASSWORD }, '2.2.2.1');
		expect(r).toMatchObject({ ok: false, error: 'throttled' });
		expect(!r.ok && r.retryAfter).toBeGreaterThan(0);
		advance(15 * 60 * 1000);
		expect((await accounts.login(t.db, { email: u.email, password: TEST_PASSWORD }, '2.2.2.1')).ok).toBe(true);
	});

	it('cannot lock the owner out: hammering from many addresses leaves a clean address able to sign in', async () => {
		const u = await staff(t.db);
		// 40 addresses, one wrong password each: past the per-account limit across addresses (20)
		for (let i = 0; i < 40; i++)
			await accounts.login(t.db, { email: u.email, password: 'nope nope nope' }, `6.6.${i}.1`);
		expect(security.count(t.db, 'login.failed', { user: u.userId })).toBe(40);
		// the owner, from an address that has not failed on this account, gets in
		expect((await accounts.login(t.db, { email: u.email, password: TEST_PASSWORD }, '7.7.7.7')).ok).toBe(true);
		// an address that has already failed on it is held to the limit across addresses
		expect(await accounts.login(t.db, { email: u.email, password: TEST_PASSWORD }, '6.6.3.1')).toMatchObject({
			ok: false,
			error: 'throttled'
		});
	});

	it('50 simultaneous wrong passwords for one account from one address: at most the limit are checked', async () => {
		const u = await staff(t.db);
		const answers = await Promise.all(
			Array.from({ length: 50 }, () =>
				accounts.login(t.db, { email: u.email, password: 'wrong wrong wrong' }, '8.8.8.8')
			)
		);
		// one login.failed event per password actually checked
		expect(security.count(t.db, 'login.failed', { user: u.userId })).toBe(5);
		expect(answers.filter((a) => !a.ok && a.error === 'throttled')).toHaveLength(45);
		expect(security.count(t.db, 'login.throttled', { user: u.userId })).toBe(45);
	});

	it('50 simultaneous wrong current passwords on /account: at most the limit are checked', async () => {
		const u = await staff(t.db);
		const answers = await Promise.all(
			Array.from({ length: 50 }, () =>
				accounts.changePassword(t.db, u.userId, 'no-session', { current: 'wrong wrong wrong', next: 'x' })
			)
		);
		expect(answers.filter((a) => !a.ok && a.error === 'wrong_password')).toHaveLength(5);
		expect(security.count(t.db, 'login.failed', { user: u.userId })).toBe(5);
	});

	it('throttles an IP that tries many accounts', async () => {
		for (let i = 0; i < 30; i++)
			await accounts.login(t.db, { email: `x${i}@example.com`, password: 'nope nope nope' }, '3.3.3.3');
		const u = await staff(t.db);
		expect(await accounts.login(t.db, { email: u.email, password: TEST_PASSWORD }, '3.3.3.3')).toMatchObject({
			error: 'throttled'
		});
		expect((await accounts.login(t.db, { email: u.email, password: TEST_PASSWORD }, '3.3.3.4')).ok).toBe(true);
	});

	it('treats non-string input as a failed login, not an error', async () => {
		expect(await accounts.login(t.db, { email: ['a'], password: { x: 1 } }, '4.4.4.4')).toEqual({
			ok: false,
			error: 'invalid'
		});
	});
});

describe('organisation registration', () => {
	it('registers an organisation and its first member, with an audit row', async () => {
		const r = await accounts.registerOrganisation(t.db, validOrg(), '5.5.5.5');
		expect(r.ok).toBe(true);
		expect(t.db.select().from(organisations).all()).toHaveLength(1);
		const u = t.db.select().from(users).all();
		expect(u[0]).toMatchObject({ role: 'org', email: 'school@example.com' });
		expect(
			t.db
				.select()
				.from(auditLog)
				.all()
				.map((a) => a.action)
		).toContain('organisation.register');
	});

	it('rejects a credit code with a bad check digit and writes nothing', async () => {
		const good = creditCode(4242);
		const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
		const r = await accounts.registerOrganisation(t.db, validOrg({ creditCode: bad }), '5.5.5.5');
		expect(r).toMatchObject({ ok: false, error: 'invalid', fields: { creditCode: 'credit_check' } });
		expect(t.db.select().from(users).all()).toHaveLength(0);
		expect(t.db.select().from(organisations).all()).toHaveLength(0);
	});

	it('reports every invalid field at once', async () => {
		const r = await accounts.registerOrganisation(
			t.db,
			{
				orgName: '',
				orgType: 'castle',
				town: 'atlantis',
				creditCode: '123',
				contactName: '',
				contactPhone: 'abc',
				email: 'not-an-email',
				password: '123456'
			},
			'5.5.5.5'
		);
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(Object.keys(r.fields).sort()).toEqual([
				'contactName',
				'contactPhone',
				'creditCode',
				'email',
				'orgName',
				'orgType',
				'password',
				'town'
			]);
	});

	it('a second registration of a confirmed address creates nothing; the same credit code is refused', async () => {
		const first = await org(t.db, { email: 'school@example.com' });
		const again = await accounts.registerOrganisation(
			t.db,
			validOrg({ email: 'SCHOOL@example.com ', creditCode: creditCode(77) }),
			'5.5.5.6'
		);
		// the same answer as for a new address (confirm.spec.ts reads the emails)
		expect(again).toEqual({ ok: true });
		const sameCode = await accounts.registerOrganisation(t.db, validOrg({ email: 'other@example.com' }), '5.5.5.6');
		expect(sameCode.ok).toBe(true);
		const code = t.db.select().from(organisations).all()[0].creditCode;
		const takenCode = await accounts.registerOrganisation(
			t.db,
			validOrg({ email: 'third@example.com', creditCode: code }),
			'5.5.5.6'
		);
		expect(takenCode).toMatchObject({ ok: false, fields: { creditCode: 'credit_taken' } });
		expect(
			t.db
				.select()
				.from(users)
				.all()
				.map((u) => u.email)
				.sort()
		).toEqual(['other@example.com', first.email]);
	});
});

describe('password change', () => {
	it('needs the current password and ends every other session', async () => {
		const o = await org(t.db);
		const [mine, other] = [generateSessionToken(), generateSessionToken()];
		createSession(t.db, mine, o.userId);
		createSession(t.db, other, o.userId);
		const wrong = await accounts.changePassword(t.db, o.userId, sessionIdFromToken(mine), {
			current: 'not it at all',
			next: 'a brand new passphrase'
		});
		expect(wrong).toEqual({ ok: false, error: 'wrong_password' });
		expect(t.db.select().from(sessions).all()).toHaveLength(2);
		const ok = await accounts.changePassword(t.db, o.userId, sessionIdFromToken(mine), {
			current: TEST_PASSWORD,
			next: 'a brand new passphrase'
		});
		expect(ok.ok).toBe(true);
		expect(validateSessionToken(t.db, mine).session).not.toBeNull();
		expect(validateSessionToken(t.db, other).session).toBeNull();
		expect((await accounts.login(t.db, { email: o.email, password: 'a brand new passphrase' }, '6.6.6.6')).ok).toBe(
			true
		);
	});
});

describe('staff accounts and TOTP', () => {
	it('creates staff with an enrolled TOTP key that verifies codes of now, ±1 step', async () => {
		const s = await staff(t.db, { department: 'water' });
		// a phone 30 s slow is accepted, then the current code (a later step)
		expect(accounts.checkTotp(t.db, s.userId, codeAt(s.key, nowMs() - 30000))).toBe(true);
		expect(accounts.checkTotp(t.db, s.userId, codeAt(s.key, nowMs()))).toBe(true);
		expect(accounts.checkTotp(t.db, s.userId, codeAt(s.key, nowMs() - 120000))).toBe(false);
		expect(accounts.checkTotp(t.db, s.userId, 'abcdef')).toBe(false);
	});

	it('accepts a TOTP code only once (no replay into a second session)', async () => {
		const s = await staff(t.db, { department: 'water' });
		const code = codeAt(s.key, nowMs());
		expect(accounts.checkTotp(t.db, s.userId, code)).toBe(true);
		expect(accounts.checkTotp(t.db, s.userId, code)).toBe(false);
		advance(30000);
		expect(accounts.checkTotp(t.db, s.userId, codeAt(s.key, nowMs()))).toBe(true);
	});

	it('refuses staff without a department, unknown departments and taken emails', async () => {
		expect(await accounts.createStaff(t.db, { email: 'a@b.cn', role: 'staff', password: TEST_PASSWORD })).toEqual({
			ok: false,
			error: 'department_required'
		});
		expect(
			await accounts.createStaff(t.db, {
				email: 'a@b.cn',
				role: 'staff',
				department: 'ministry_of_magic',
				password: TEST_PASSWORD
			})
		).toEqual({ ok: false, error: 'unknown_department' });
		expect((await accounts.createStaff(t.db, { email: 'a@b.cn', role: 'admin', password: TEST_PASSWORD })).ok).toBe(
			true
		);
		expect(await accounts.createStaff(t.db, { email: 'A@B.cn', role: 'admin', password: TEST_PASSWORD })).toEqual({
			ok: false,
			error: 'email_taken'
		});
	});
});
