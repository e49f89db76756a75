import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import { dueAtFor, isUrgent, isOverdue, isDueWithinDay, extendDueAt, dueLabel } from './deadline';
import { config } from '../config';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => {
	t.close();
	delete process.env.REPORT_DEADLINES;
});

const at = (s: string) => new Date(s);

describe('report deadlines as instants (issue 18)', () => {
	it('urgent means overflow, reservoir_zone, or anything in the first-level zone', () => {
		expect(isUrgent({ category: 'overflow', zoneKind: 'town' })).toBe(true);
		expect(isUrgent({ category: 'reservoir_zone', zoneKind: 'scenic' })).toBe(true);
		expect(isUrgent({ category: 'litter', zoneKind: 'reservoir_1' })).toBe(true);
		expect(isUrgent({ category: 'litter', zoneKind: 'reservoir_2' })).toBe(false);
	});
	it('a full bin in the reservoir zone accepted on 2025-09-30 is due 24 clock hours later, not after Golden Week', () => {
		const accepted = at('2025-09-30T10:00:00+08:00');
		expect(dueAtFor(t.db, { category: 'overflow', zoneKind: 'reservoir_2' }, accepted)).toEqual(
			at('2025-10-01T10:00:00+08:00')
		);
		expect(dueAtFor(t.db, { category: 'litter', zoneKind: 'reservoir_1' }, accepted)).toEqual(
			at('2025-10-01T10:00:00+08:00')
		);
	});
	it('others: working days on the holiday calendar, ending 23:59:59 Asia/Shanghai', () => {
		// Mon 28 Sep 2026 + 3 working days: 29, 30 Sep, then the National Day holiday → Thu 8 Oct
		expect(dueAtFor(t.db, { category: 'litter', zoneKind: 'town' }, at('2026-09-28T10:00:00+08:00'))).toEqual(
			at('2026-10-08T23:59:59+08:00')
		);
	});
	it('the setting names its unit (24h or 5wd); a bad one is refused', () => {
		process.env.REPORT_DEADLINES = 'litter:48h,*:5wd';
		expect(config.reportDeadlines).toEqual({ litter: { n: 48, unit: 'h' }, '*': { n: 5, unit: 'wd' } });
		expect(dueAtFor(t.db, { category: 'litter', zoneKind: 'town' }, at('2026-09-28T10:00:00+08:00'))).toEqual(
			at('2026-09-30T10:00:00+08:00')
		);
		expect(dueAtFor(t.db, { category: 'other', zoneKind: 'town' }, at('2026-03-02T10:00:00+08:00'))).toEqual(
			at('2026-03-09T23:59:59+08:00')
		);
		process.env.REPORT_DEADLINES = 'litter:5days';
		expect(() => config.reportDeadlines).toThrow(/REPORT_DEADLINES/);
	});
	it('overdue and "due within a day" read the same instant', () => {
		const r = { dueAt: at('2026-10-01T10:00:00+08:00'), status: 'accepted' };
		expect(isDueWithinDay(r, at('2026-09-30T09:59:00+08:00'))).toBe(false);
		expect(isDueWithinDay(r, at('2026-09-30T10:00:00+08:00'))).toBe(true);
		expect(isOverdue(r, at('2026-10-01T10:00:00+08:00'))).toBe(false);
		expect(isOverdue(r, at('2026-10-01T10:00:01+08:00'))).toBe(true);
		expect(isDueWithinDay(r, at('2026-10-01T10:00:01+08:00'))).toBe(false);
		expect(isOverdue({ ...r, status: 'resolved' }, at('2026-10-02T00:00:00+08:00'))).toBe(false);
	});
	it('an extension keeps the time of day and counts working days', () => {
		// due Wed 30 Sep 10:00; +1 working day skips the National Day holiday → Thu 8 Oct 10:00
		expect(extendDueAt(t.db, at('2026-09-30T10:00:00+08:00'), 1)).toEqual(at('2026-10-08T10:00:00+08:00'));
		expect(dueLabel(at('2026-10-08T10:00:00+08:00'))).toBe('2026-10-08 10:00');
	});
});
