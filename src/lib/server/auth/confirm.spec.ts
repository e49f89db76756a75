import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, org, creditCode } from '../testing/builders';
import * as accounts from './accounts';
import * as confirm from './confirm';
import * as lifecycle from './lifecycle';
import { users, organisations, emailConfirmations } from './schema';
import { outbox } from '../outbox/schema';
import { setNow, advance } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-02T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

const PASSWORD = 'sorting is a habit we teach';
let seq = 1000;
const form = (email: string, over: Record<string, string> = {}) => ({
	orgName: '密云区第二小学（示例 sample）',
	orgType: 'school',
	town: 'gulou',
	creditCode: creditCode(++seq),
	contactName: '李老师',
	contactPhone: '13900000000',
	email,
	password: PASSWORD,
	...over
});
const mails = (to: string) => t.db.select().from(outbox).where(eq(outbox.recipient, to)).all();
const tokenIn = (body: string) => /\/register\/confirm\/([a-z2-7]{52})/.exec(body)?.[1];
const register = (email: string, over: Record<string, string> = {}, ip = '5.5.5.5') =>
	accounts.registerOrganisation(t.db, form(email, over), ip, { locale: 'zh-CN', next: '/cells/apply?welcome=1' });

describe('registration by emailed link (issue 16)', () => {
	it('creates a pending account that cannot sign in until the link is followed; the link works once', async () => {
		expect(await register('new@example.com')).toEqual({ ok: true });
		const [user] = t.db.select().from(users).all();
		expect(user.confirmedAt).toBeNull();
		const [mail] = mails('new@example.com');
		expect(mail.template).toBe('account.register_confirm');
		const token = tokenIn(mail.body)!;
		expect(token).toHaveLength(52);
		// stored only as a hash
		expect(JSON.stringify(t.db.select().from(emailConfirmations).all())).not.toContain(token);

		// the right password of a pending account: `unconfirmed`, and the link goes out again
		const r = await accounts.login(t.db, { email: 'new@example.com', password: PASSWORD }, '1.1.1.1');
		expect(r).toEqual({ ok: false, error: 'unconfirmed' });
		expect(mails('new@example.com')).toHaveLength(2);
		// a wrong password says only what it says for any account
		expect(await accounts.login(t.db, { email: 'new@example.com', password: 'not the password' }, '1.1.1.1')).toEqual({
			ok: false,
			error: 'invalid'
		});
		// the resend replaced the first link
		expect(confirm.confirmRegistration(t.db, token, '/x')).toEqual({ ok: false, error: 'invalid_token' });
		const fresh = tokenIn(mails('new@example.com')[1].body)!;
		expect(confirm.pendingConfirmation(t.db, fresh, 'register')).toEqual({ email: 'new@example.com' });
		// an email-change link is not a registration link
		expect(confirm.pendingConfirmation(t.db, fresh, 'email')).toBeUndefined();
		expect(confirm.confirmRegistration(t.db, fresh, '/x')).toEqual({
			ok: true,
			userId: user.id,
			next: '/cells/apply?welcome=1'
		});
		expect(confirm.confirmRegistration(t.db, fresh, '/x')).toEqual({ ok: false, error: 'invalid_token' });
		expect((await accounts.login(t.db, { email: 'new@example.com', password: PASSWORD }, '1.1.1.2')).ok).toBe(true);
	});

	it('answers an address in use (organisation or staff) exactly as a new one, creating nothing and telling that address', async () => {
		const o = await org(t.db, { email: 'school@example.com' });
		const s = await staff(t.db, { email: 'clerk@example.gov.cn' });
		const before = t.db.select().from(users).all().length;
		const orgsBefore = t.db.select().from(organisations).all().length;
		expect(await register('SCHOOL@example.com')).toEqual({ ok: true });
		expect(await register(s.email)).toEqual({ ok: true });
		expect(t.db.select().from(users).all()).toHaveLength(before);
		expect(t.db.select().from(organisations).all()).toHaveLength(orgsBefore);
		for (const to of [o.email, s.email]) {
			const [m] = mails(to);
			expect(m.template).toBe('account.already_registered');
			expect(m.body).toContain('/login/forgot');
		}
	});

	it('a second registration of a never-confirmed address replaces the first', async () => {
		await register('again@example.com', { orgName: '第一次（示例 sample）' });
		const first = tokenIn(mails('again@example.com')[0].body)!;
		await register('again@example.com', { orgName: '第二次（示例 sample）' });
		expect(t.db.select().from(users).all()).toHaveLength(1);
		expect(
			t.db
				.select()
				.from(organisations)
				.all()
				.map((o) => o.name)
		).toEqual(['第二次（示例 sample）']);
		expect(confirm.confirmRegistration(t.db, first, '/x').ok).toBe(false);
		const second = tokenIn(mails('again@example.com')[1].body)!;
		expect(confirm.confirmRegistration(t.db, second, '/x').ok).toBe(true);
	});

	it('a link expires after EMAIL_CONFIRM_HOURS; the unconfirmed account is pruned a day later', async () => {
		await register('late@example.com');
		const token = tokenIn(mails('late@example.com')[0].body)!;
		advance(48 * 3600000 + 1000);
		expect(confirm.confirmRegistration(t.db, token, '/x')).toEqual({ ok: false, error: 'invalid_token' });
		expect(lifecycle.pruneTokens(t.db)).toBe(0);
		advance(86400000);
		expect(lifecycle.pruneTokens(t.db)).toBe(1);
		expect(t.db.select().from(users).all()).toHaveLength(0);
		expect(t.db.select().from(organisations).all()).toHaveLength(0);
	});

	it('a confirmed `next` is checked again: a hostile one falls back', async () => {
		await accounts.registerOrganisation(t.db, form('next@example.com'), '5.5.5.5', { next: '//evil.example/' });
		const token = tokenIn(mails('next@example.com')[0].body)!;
		expect(confirm.confirmRegistration(t.db, token, '/cells/apply?welcome=1')).toMatchObject({
			ok: true,
			next: '/cells/apply?welcome=1'
		});
	});
});
