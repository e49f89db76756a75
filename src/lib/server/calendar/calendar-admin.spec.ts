import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import path from 'node:path';
import { createTestDb, type TestDb } from '../testing/db';
import * as cal from './admin';
import { isWorkingDay } from './index';
import { openDatabase } from '../db';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());

describe('holiday calendar kept by staff', () => {
	it('adds a 2027 Spring Festival day, confirms the year, and the shipped data never overwrites it', () => {
		expect(isWorkingDay(t.db, '2027-02-08')).toBe(true); // a Monday, not yet announced
		expect(
			cal.saveDay(t.db, 'admin-1', { day: '2027-02-08', kind: 'holiday', nameZh: '春节', nameEn: 'Spring Festival' })
		).toEqual({ ok: true });
		expect(isWorkingDay(t.db, '2027-02-08')).toBe(false);
		expect(cal.years(t.db).find((y) => y.year === '2027')!.provisional).toBeGreaterThan(0);
		expect(cal.confirmYear(t.db, 'admin-1', '2027')).toBeGreaterThan(0);
		expect(cal.years(t.db).find((y) => y.year === '2027')!.provisional).toBe(0);
		// a restart reloads the shipped calendar: staff days stay as they are
		const again = openDatabase(path.join(t.dir, 'test.db'), { migrationsDir: path.resolve('drizzle') });
		expect(cal.list(again, '2027').every((d) => !d.provisional)).toBe(true);
		expect(isWorkingDay(again, '2027-02-08')).toBe(false);
		again.$client.close();
	});
	it('refuses bad dates and removes days', () => {
		expect(cal.saveDay(t.db, 'a', { day: '2027-02-30', kind: 'holiday', nameZh: 'x', nameEn: 'x' })).toMatchObject({
			ok: false,
			fields: { day: 'bad_date' }
		});
		expect(cal.saveDay(t.db, 'a', { day: '2027-03-01', kind: 'party', nameZh: '', nameEn: 'x' })).toMatchObject({
			ok: false,
			fields: { kind: 'choose', nameZh: 'required' }
		});
		expect(cal.removeDay(t.db, 'a', '2026-10-01')).toBe(false); // from the State Council notice: stays
		cal.saveDay(t.db, 'a', { day: '2027-03-01', kind: 'holiday', nameZh: '测试', nameEn: 'Test' });
		expect(cal.removeDay(t.db, 'a', '2027-03-01')).toBe(true);
		expect(isWorkingDay(t.db, '2027-03-01')).toBe(true);
	});
});

describe('next year’s calendar not confirmed (issue 18)', () => {
	it('from 1 November admin is warned until next year is confirmed; 2027 ships provisional', () => {
		expect(cal.years(t.db).find((y) => y.year === '2027')!.provisional).toBeGreaterThan(0);
		expect(cal.unconfirmedNextYear(t.db, '2026-10-31')).toBeNull();
		expect(cal.unconfirmedNextYear(t.db, '2026-11-01')).toBe('2027');
		expect(cal.confirmYear(t.db, 'admin-1', '2027')).toBeGreaterThan(0);
		expect(cal.unconfirmedNextYear(t.db, '2026-12-31')).toBeNull();
		expect(cal.unconfirmedNextYear(t.db, '2027-11-15')).toBe('2028'); // nothing entered for 2028
	});
});
