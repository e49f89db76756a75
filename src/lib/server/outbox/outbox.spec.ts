import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import * as outbox from './index';
import * as scheduler from '../scheduler';
import { setNow, advance } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-04T00:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

describe('outbox', () => {
	it('queues in the transaction, never twice for one key, and delivers', async () => {
		const queued = t.db.transaction((tx) => [
			outbox.enqueue(tx, { channel: 'email', recipient: 'a@x.cn', subject: 's', body: 'b', dedupeKey: 'k1' }),
			outbox.enqueue(tx, { channel: 'email', recipient: 'a@x.cn', subject: 's', body: 'b', dedupeKey: 'k1' })
		]);
		expect(queued).toEqual([true, false]);
		const got: string[] = [];
		outbox.registerSender('capture', async (m) => void got.push(m.recipient));
		expect(await outbox.deliverDue(t.db, 'capture')).toEqual({ sent: 1, failed: 0 });
		expect(got).toEqual(['a@x.cn']);
		expect(outbox.listFor(t.db, 'a@x.cn')[0].status).toBe('sent');
	});

	it('retries a failing sender with backoff', async () => {
		t.db.transaction((tx) => outbox.enqueue(tx, { channel: 'sms', recipient: '139', subject: 's', body: 'b' }));
		let fail = true;
		outbox.registerSender('flaky', async () => {
			if (fail) throw new Error('gateway down');
		});
		expect(await outbox.deliverDue(t.db, 'flaky')).toEqual({ sent: 0, failed: 1 });
		expect(await outbox.deliverDue(t.db, 'flaky')).toEqual({ sent: 0, failed: 0 }); // not due yet
		fail = false;
		advance(61000);
		expect(await outbox.deliverDue(t.db, 'flaky')).toEqual({ sent: 1, failed: 0 });
	});
});

describe('scheduler', () => {
	it('runs a due job once per interval and records work items once', async () => {
		let runs = 0;
		const done: string[] = [];
		scheduler.register({
			name: 'test.job',
			everySeconds: 60,
			run: (db) => {
				runs++;
				for (const k of ['a', 'b']) if (scheduler.once(db, 'test.job', k)) done.push(k);
			}
		});
		expect(await scheduler.runDue(t.db)).toContain('test.job');
		expect(await scheduler.runDue(t.db)).not.toContain('test.job');
		advance(60000);
		expect(await scheduler.runDue(t.db)).toContain('test.job');
		expect(runs).toBe(2);
		expect(done).toEqual(['a', 'b']);
	});
});

describe('scheduler by time of day', () => {
	it('runs at 08:30 Beijing time on working days only, catches up once after downtime, and re-arms when the clock moves back', async () => {
		let runs = 0;
		scheduler.register({ name: 'test.digest', at: '08:30', workingDays: true, run: () => void runs++ });
		// Wednesday 2026-11-04 08:00 Beijing = 00:00 UTC: not yet
		await scheduler.runDue(t.db);
		expect(runs).toBe(0);
		advance(31 * 60000); // 08:31
		await scheduler.runDue(t.db);
		expect(runs).toBe(1);
		await scheduler.runDue(t.db);
		expect(runs).toBe(1);
		// down from Thursday 08:00 to Friday 12:00: one catch-up run, not two
		setNow(new Date('2026-11-06T04:00:00Z'), { freeze: true });
		await scheduler.runDue(t.db);
		await scheduler.runDue(t.db);
		expect(runs).toBe(2);
		// Saturday and Sunday are not working days
		setNow(new Date('2026-11-07T01:00:00Z'), { freeze: true });
		await scheduler.runDue(t.db);
		setNow(new Date('2026-11-08T01:00:00Z'), { freeze: true });
		await scheduler.runDue(t.db);
		expect(runs).toBe(2);
		// a test moves the clock back: re-armed from the new now, it runs at the next 08:30
		setNow(new Date('2026-11-04T00:00:00Z'), { freeze: true });
		scheduler.rearm(t.db);
		await scheduler.runDue(t.db);
		expect(runs).toBe(2);
		advance(31 * 60000);
		await scheduler.runDue(t.db);
		expect(runs).toBe(3);
	});
});
