import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import { isWorkingDay, addWorkingDays, workingDaysBetween } from './index';
import { holidays } from './schema';
import { districtDay, startOfDistrictDay } from '../../time/zone';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());

describe('working days (State Council calendar)', () => {
	it('knows National Day 2026 and its make-up working days', () => {
		expect(isWorkingDay(t.db, '2026-10-01')).toBe(false); // Thursday, holiday
		expect(isWorkingDay(t.db, '2026-10-07')).toBe(false);
		expect(isWorkingDay(t.db, '2026-10-08')).toBe(true);
		expect(isWorkingDay(t.db, '2026-10-10')).toBe(true); // Saturday 调休 working day
		expect(isWorkingDay(t.db, '2026-09-20')).toBe(true); // Sunday 调休 working day
		expect(isWorkingDay(t.db, '2026-11-28')).toBe(false); // an ordinary Saturday
	});
	it('adds working days across a holiday', () => {
		// Wed 30 Sep 2026, 10:00 Beijing: +1 working day skips 1–7 Oct
		expect(addWorkingDays(t.db, new Date('2026-09-30T02:00:00Z'), 1)).toBe('2026-10-08');
		// Friday 9 Oct: next working day is the make-up Saturday 10 Oct
		expect(addWorkingDays(t.db, new Date('2026-10-09T02:00:00Z'), 1)).toBe('2026-10-10');
		// 7 working days from Mon 16 Nov 2026
		expect(addWorkingDays(t.db, new Date('2026-11-16T02:00:00Z'), 7)).toBe('2026-11-25');
		expect(workingDaysBetween(t.db, '2026-09-30', '2026-10-10')).toBe(3); // 8, 9 and the make-up 10 Oct
	});
	it('uses the district day, not the server day: 23:30 UTC is already tomorrow in Beijing', () => {
		const late = new Date('2026-09-30T23:30:00Z'); // 07:30 on 1 Oct in Beijing
		expect(districtDay(late)).toBe('2026-10-01');
		expect(startOfDistrictDay('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
	});
	it('marks years not yet announced as provisional', () => {
		const rows = t.db.select().from(holidays).all();
		expect(rows.filter((r) => r.day.startsWith('2027')).every((r) => r.provisional)).toBe(true);
		expect(rows.filter((r) => r.day.startsWith('2026')).every((r) => !r.provisional)).toBe(true);
	});
});
