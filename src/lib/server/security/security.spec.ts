import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, org, TEST_PASSWORD } from '../testing/builders';
import * as security from './index';
import * as app from '../app';
import * as accounts from '../auth/accounts';
import * as lifecycle from '../auth/lifecycle';
import { verifySecondFactor } from '../auth/second-factor';
import * as files from '../files';
import { securityEvents } from './schema';
import { setNow, advance } from '../clock';

let t: TestDb;
let lines: string[];
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-02T02:00:00Z'), { freeze: true });
	lines = [];
	vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)));
});
afterEach(() => {
	vi.restoreAllMocks();
	t.close();
});

const DAY = 86400000;
const events = () => lines.filter((l) => l.startsWith('{"event"')).map((l) => JSON.parse(l));
/** every byte an event leaves behind: stdout lines and table rows */
const everything = () => lines.join('\n') + JSON.stringify(t.db.select().from(securityEvents).all());

describe('security events', () => {
	it('one JSON line on stdout and one row per event', () => {
		security.record(t.db, 'login.failed', { user: 'u1', ip: '203.0.113.9' });
		expect(events()).toEqual([
			{ event: 'login.failed', at: '2026-11-02T02:00:00.000Z', user: 'u1', ip: '203.0.113.9' }
		]);
		expect(security.list(t.db, { event: 'login.failed' })).toMatchObject([{ userId: 'u1', ip: '203.0.113.9' }]);
	});

	it('never writes a token, key, full phone number or full email into a line or a row', () => {
		const token = 'k3yk3yk3yk3yk3yk3yk3yk3yk3yk3y';
		security.record(t.db, 'access.denied', {
			detail: { path: `/report/mine/${token}`, phone: '13912345678', contact: 'reporter@example.com' }
		});
		const all = everything();
		expect(all).not.toContain(token);
		expect(all).not.toContain('13912345678');
		expect(all).not.toContain('reporter@example.com');
		expect(all).toContain('5678'); // the last four stay, to tell numbers apart
	});

	it('sign-in, TOTP, password change and reset leave their events and never the password or code', async () => {
		const s = await staff(t.db);
		const o = await org(t.db);
		await accounts.login(t.db, { email: s.email, password: 'my secret guess 1' }, '198.51.100.1');
		await accounts.login(t.db, { email: s.email, password: TEST_PASSWORD }, '198.51.100.1');
		verifySecondFactor(t.db, s.userId, '123456', '198.51.100.1');
		await accounts.changePassword(t.db, o.userId, 'no-session', {
			current: TEST_PASSWORD,
			next: 'a brand new passphrase'
		});
		const reset = lifecycle.requestPasswordReset(t.db, o.email, '198.51.100.2', 'zh-CN');
		if (reset.ok) await reset.done;
		const names = events().map((e) => e.event);
		expect(names).toEqual(
			expect.arrayContaining(['login.failed', 'login.ok', 'totp.failed', 'password.changed', 'reset.requested'])
		);
		const all = everything();
		for (const secret of ['my secret guess 1', TEST_PASSWORD, 'a brand new passphrase', '123456'])
			expect(all).not.toContain(secret);
	});

	it('a refused upload is an upload.refused event with the reason and the address', async () => {
		const r = await files.prepare({ bytes: new TextEncoder().encode('<svg></svg>'), name: 'x.svg' }, 'image', {
			who: { ip: '192.0.2.7' }
		});
		expect(r).toEqual({ ok: false, error: 'bad_type' });
		expect(security.list(t.db, { event: 'upload.refused' })).toMatchObject([{ ip: '192.0.2.7' }]);
		expect(JSON.parse(security.list(t.db, { event: 'upload.refused' })[0].detail!)).toMatchObject({
			reason: 'bad_type',
			kind: 'image'
		});
	});

	it('filters by event, user, address and dates', () => {
		security.record(t.db, 'login.failed', { user: 'a', ip: '1.1.1.1' });
		advance(2 * DAY);
		security.record(t.db, 'login.failed', { user: 'b', ip: '2.2.2.2' });
		security.record(t.db, 'csrf.refused', { ip: '2.2.2.2' });
		expect(security.list(t.db, { event: 'login.failed' })).toHaveLength(2);
		expect(security.list(t.db, { user: 'a' })).toHaveLength(1);
		expect(security.list(t.db, { ip: '2.2.2.2' })).toHaveLength(2);
		expect(security.list(t.db, { from: new Date('2026-11-03T00:00:00Z') })).toHaveLength(2);
		expect(security.list(t.db, { to: new Date('2026-11-03T00:00:00Z') })).toHaveLength(1);
	});
});

describe('retention', () => {
	it('the daily retention run drops events older than 180 days and keeps the rest', async () => {
		security.record(t.db, 'login.failed', { ip: '1.1.1.1' }); // day 0
		advance(100 * DAY);
		security.record(t.db, 'login.failed', { ip: '2.2.2.2' }); // day 100
		advance(81 * DAY); // day 181: the first is past 180 days, the second 81 days old
		const counts = await app.runRetention(t.db);
		expect(counts.securityEventsRemoved).toBe(1);
		expect(security.list(t.db).map((e) => e.ip)).toEqual(['2.2.2.2']);
		// the run itself is audited with the count
		const audited = t.db.get<{ after: string }>(
			sql`select after from audit_log where action = 'retention.run' order by id desc limit 1`
		);
		expect(JSON.parse(audited.after).securityEventsRemoved).toBe(1);
	});
});
