import { describe, it, expect } from 'vitest';
import { hoursState, weeklyTable, isValidHours, phRule, type DayKind } from './hours';

/** instant for a Beijing wall-clock time */
const bj = (s: string) => new Date(`${s}+08:00`);
const none = (): DayKind => null;
const calendar = (days: Record<string, DayKind>) => (d: string) => days[d] ?? null;

describe('opening hours in Beijing time, whatever the server zone', () => {
	it('is open inside the hours and closed outside, with the next change', () => {
		const h = 'Mo-Fr 08:30-17:00';
		expect(hoursState(h, bj('2026-11-30T09:00:00'), none)).toEqual({ open: true, next: bj('2026-11-30T17:00:00') });
		// 07:00 Beijing is 23:00 UTC the day before: still Monday in Miyun
		expect(hoursState(h, bj('2026-11-30T07:00:00'), none)).toEqual({ open: false, next: bj('2026-11-30T08:30:00') });
		// Saturday: next opening is Monday
		expect(hoursState(h, bj('2026-12-05T10:00:00'), none)).toEqual({ open: false, next: bj('2026-12-07T08:30:00') });
	});

	it('handles overnight spans across midnight', () => {
		const h = 'Mo-Su 20:00-02:00';
		expect(hoursState(h, bj('2026-11-30T23:30:00'), none)).toEqual({ open: true, next: bj('2026-12-01T02:00:00') });
		expect(hoursState(h, bj('2026-12-01T01:00:00'), none)).toEqual({ open: true, next: bj('2026-12-01T02:00:00') });
		expect(hoursState(h, bj('2026-12-01T03:00:00'), none)).toEqual({ open: false, next: bj('2026-12-01T20:00:00') });
	});

	it('split hours and 24/7', () => {
		const split = 'Mo-Su 06:30-09:00,17:00-21:00';
		expect(hoursState(split, bj('2026-11-30T12:00:00'), none)).toEqual({
			open: false,
			next: bj('2026-11-30T17:00:00')
		});
		expect(hoursState('24/7', bj('2026-11-30T03:00:00'), none).open).toBe(true);
	});

	it('closes on an official holiday when the hours say PH off, using our calendar', () => {
		const h = 'Mo-Fr 08:30-17:00; PH off';
		const cal = calendar({
			'2026-10-01': 'holiday',
			'2026-10-02': 'holiday',
			'2026-10-05': 'holiday',
			'2026-10-06': 'holiday',
			'2026-10-07': 'holiday',
			'2026-10-10': 'workday'
		});
		// Thursday 1 Oct 2026, National Day
		expect(hoursState(h, bj('2026-10-01T10:00:00'), cal)).toEqual({ open: false, next: bj('2026-10-08T08:30:00') });
		// Saturday 10 Oct is a make-up working day: open as on a Monday
		expect(hoursState(h, bj('2026-10-10T10:00:00'), cal)).toEqual({ open: true, next: bj('2026-10-10T17:00:00') });
		// without PH rule, a shop ignores the calendar
		expect(hoursState('Mo-Fr 08:30-17:00', bj('2026-10-01T10:00:00'), cal).open).toBe(true);
	});

	it('uses PH hours on holidays when given', () => {
		const h = 'Mo-Su 08:00-18:00; PH 09:00-12:00';
		const cal = calendar({ '2026-10-01': 'holiday' });
		expect(hoursState(h, bj('2026-10-01T13:00:00'), cal).open).toBe(false);
		expect(hoursState(h, bj('2026-10-01T10:00:00'), cal)).toEqual({ open: true, next: bj('2026-10-01T12:00:00') });
		expect(phRule(h)).toBe('09:00-12:00');
		expect(phRule('Mo-Fr 08:00-17:00; PH off')).toBe('off');
	});

	it('unknown or unreadable hours are null, never an error', () => {
		expect(hoursState(null, new Date(), none)).toEqual({ open: null, next: null });
		expect(hoursState('whenever we feel like it', new Date(), none)).toEqual({ open: null, next: null });
		expect(isValidHours('whenever we feel like it')).toBe(false);
		expect(isValidHours('Mo-Sa 08:00-18:00; Su 09:00-12:00')).toBe(true);
	});

	it('makes a weekly table Monday first', () => {
		const t = weeklyTable('Mo-Sa 08:00-18:00; Su 09:00-12:00; PH off')!;
		expect(t[0]).toEqual({ weekday: 1, ranges: ['08:00–18:00'] });
		expect(t[6]).toEqual({ weekday: 0, ranges: ['09:00–12:00'] });
		expect(weeklyTable('24/7')![2].ranges).toEqual(['00:00–24:00']);
	});
});
