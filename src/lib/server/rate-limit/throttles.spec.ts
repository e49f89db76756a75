/**
 * Every throttle holds under concurrency: 50 attempts started together (the slow parts — argon2,
 * sharp — are asynchronous, so the attempts interleave as simultaneous requests do) get at most
 * the limit's worth of real work, counted in security events or in the rows the work writes.
 * The sign-in throttle's own tests are in auth/accounts.spec.ts.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, org, creditCode, TEST_PASSWORD } from '../testing/builders';
import * as security from '../security';
import * as lifecycle from '../auth/lifecycle';
import * as accounts from '../auth/accounts';
import { verifySecondFactor } from '../auth/second-factor';
import { codeAt } from '../auth/totp';
import * as reportsSvc from '../reports/service';
import * as feedback from '../privacy/feedback';
import { setNow, nowMs } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-02T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

const fifty = <T>(f: (i: number) => Promise<T> | T) =>
	Promise.all(Array.from({ length: 50 }, (_, i) => Promise.resolve().then(() => f(i))));
const rows = (table: string) => t.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;

describe('50 simultaneous wrong attempts: at most the limit checked', () => {
	it('TOTP codes at the second sign-in step: 5 checked, 45 refused with Retry-After', async () => {
		const s = await staff(t.db);
		const answers = await fifty(() => verifySecondFactor(t.db, s.userId, '000000', '9.9.9.1'));
		expect(security.count(t.db, 'totp.failed', { user: s.userId })).toBe(5);
		const refused = answers.filter((a) => !a.ok && a.error === 'throttled');
		expect(refused).toHaveLength(45);
		expect(refused.every((a) => !a.ok && a.error === 'throttled' && a.retryAfter > 0)).toBe(true);
		// the owner's right code is refused too until the window passes (the limit is per account)
		expect(verifySecondFactor(t.db, s.userId, codeAt(s.key, nowMs()), '9.9.9.1')).toMatchObject({
			error: 'throttled'
		});
	});

	it('recovery codes at the second sign-in step: 5 checked', async () => {
		const s = await staff(t.db);
		lifecycle.generateRecoveryCodes(t.db, s.userId);
		await fifty((i) => verifySecondFactor(t.db, s.userId, `wrong-${i}-code`, '9.9.9.2'));
		expect(security.count(t.db, 'totp.failed', { user: s.userId })).toBe(5);
		expect(security.count(t.db, 'login.throttled', { user: s.userId })).toBe(45);
	});

	it('current password for a new set of recovery codes: 5 checked', async () => {
		const s = await staff(t.db);
		const answers = await fifty(() =>
			lifecycle.regenerateRecoveryCodes(t.db, s.userId, { password: 'wrong wrong wrong', code: '000000' })
		);
		expect(security.count(t.db, 'login.failed', { user: s.userId })).toBe(5);
		expect(answers.filter((a) => !a.ok && a.error === 'throttled')).toHaveLength(45);
	});

	it('current password for a new sign-in email: 5 checked, and the limit is shared with the password change', async () => {
		const o = await org(t.db);
		const answers = await fifty(() =>
			lifecycle.changeContact(t.db, o.userId, 'no-session', { password: 'wrong wrong wrong', email: 'n@example.com' })
		);
		expect(security.count(t.db, 'login.failed', { user: o.userId })).toBe(5);
		expect(answers.filter((a) => !a.ok && a.error === 'throttled')).toHaveLength(45);
		// one limit for every current-password check: the password change is refused as well
		expect(
			await accounts.changePassword(t.db, o.userId, 'no-session', { current: TEST_PASSWORD, next: 'x' })
		).toMatchObject({ ok: false, error: 'throttled' });
	});

	it('password reset: one address asks 50 times, 10 are looked at; one account gets at most 3 links', async () => {
		const o = await org(t.db);
		const answers = await fifty(() => lifecycle.requestPasswordReset(t.db, o.email, '9.9.9.3', 'zh-CN'));
		expect(answers.filter((a) => a.ok)).toHaveLength(10);
		expect(answers.filter((a) => !a.ok && a.error === 'limited' && a.retryAfter > 0)).toHaveLength(40);
		// the answer does not wait for the lookup and the link (the same either way): wait for them here
		await Promise.all(answers.map((a) => (a.ok ? a.done : null)));
		expect(rows('password_resets')).toBe(3);
		// from 50 different addresses: still 3 links for the account in the window
		const more = await fifty((i) => lifecycle.requestPasswordReset(t.db, o.email, `9.9.10.${i}`, 'zh-CN'));
		await Promise.all(more.map((a) => (a.ok ? a.done : null)));
		expect(rows('password_resets')).toBe(3);
	});

	it('registration: 50 from one address, 10 accounts made (argon2 runs only for those)', async () => {
		const before = rows('users');
		const answers = await fifty((i) =>
			accounts.registerOrganisation(
				t.db,
				{
					orgName: `并发单位${i}`,
					orgType: 'school',
					town: 'gulou',
					creditCode: creditCode(700000 + i),
					contactName: '张三',
					contactPhone: '13800000000',
					email: `race${i}@example.com`,
					password: 'a long enough passphrase'
				},
				'9.9.9.4'
			)
		);
		expect(rows('users') - before).toBe(10);
		expect(answers.filter((a) => !a.ok && a.error === 'limited' && a.retryAfter! > 0)).toHaveLength(40);
	});

	it('reports: 50 from one address, 5 filed and 5 photos re-encoded', async () => {
		const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#486' } })
			.jpeg()
			.toBuffer();
		const answers = await fifty((i) =>
			reportsSvc.submit(
				t.db,
				{ category: 'overflow', description: `垃圾桶满了，请清运 ${i}`, place: 'town:gulou', confirmNew: '1' },
				[{ bytes: photo, name: 'a.jpg' }],
				'9.9.9.5',
				'zh-CN'
			)
		);
		expect(rows('reports')).toBe(5);
		// each filed report keeps its re-encoded photo and the original: two files each, no more
		expect(rows('files')).toBe(10);
		expect(answers.filter((a) => !a.ok && a.error === 'limited' && a.retryAfter! > 0)).toHaveLength(45);
	});

	it('找错 feedback: 50 from one address, 20 stored', async () => {
		const answers = await fifty((i) =>
			feedback.submit(t.db, { pageUrl: '/sort', kind: 'wrong', details: `这里写错了 ${i}`, contact: '' }, '9.9.9.6')
		);
		expect(rows('site_feedback')).toBe(20);
		expect(answers.filter((a) => !a.ok && 'error' in a && a.retryAfter > 0)).toHaveLength(30);
	});
});
