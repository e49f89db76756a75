import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, org, creditCode, TEST_PASSWORD } from '../testing/builders';
import * as accounts from './accounts';
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

	it('throttles an account after 5 failures, even with the right password, until the window passes', async () => {
		const u = await staff(t.db);
		for (let i = 0; i < 5; i++) {
			expect((await accounts.login(t.db, { email: u.email, password: 'nope nope nope' }, `2.2.2.${i}`)).ok).toBe(false);
		}
		const r = await accounts.login(t.db, { email: u.email, password: TEST_PASSWORD }, '2.2.2.99');
		expect(r).toMatchObject({ ok: false, error: 'throttled' });
		advance(15 * 60 * 1000);
		expect((await accounts.login(t.db, { email: u.email, password: TEST_PASSWORD }, '2.2.2.99')).ok).toBe(true);
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

	it('refuses a second registration of the same email or credit code', async () => {
		await accounts.registerOrganisation(t.db, validOrg(), '5.5.5.5');
		const again = await accounts.registerOrganisation(
			t.db,
			validOrg({ email: 'SCHOOL@example.com ', creditCode: creditCode(77) }),
			'5.5.5.6'
		);
		expect(again).toMatchObject({ ok: false, fields: { email: 'email_taken' } });
		const sameCode = await accounts.registerOrganisation(t.db, validOrg({ email: 'other@example.com' }), '5.5.5.6');
		expect(sameCode).toMatchObject({ ok: false, fields: { creditCode: 'credit_taken' } });
		expect(t.db.select().from(users).all()).toHaveLength(1);
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
