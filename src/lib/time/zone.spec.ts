import { describe, it, expect } from 'vitest';
import { formatDate, formatDateTime, formatDay } from './zone';

// one date format per language (issue 19): the same day reads the same everywhere
describe('dates', () => {
	const d = new Date('2026-12-05T04:30:00Z'); // 12:30 in Miyun
	it('writes a day the same way with or without a time, per language', () => {
		expect(formatDate(d, 'zh-CN')).toBe('2026年12月5日');
		expect(formatDay('2026-12-05', 'zh-CN')).toBe('2026年12月5日');
		expect(formatDateTime(d, 'zh-CN')).toContain('2026年12月5日');
		expect(formatDateTime(d, 'zh-CN')).toContain('12:30');
		expect(formatDate(d, 'en')).toBe('5 December 2026');
		expect(formatDay('2026-12-05', 'en')).toBe('5 December 2026');
		expect(formatDateTime(d, 'en')).toContain('5 December 2026');
	});
	it('keeps the district day at the edges of the day and leaves other text alone', () => {
		expect(formatDay('2025-12-31', 'zh-CN')).toBe('2025年12月31日');
		expect(formatDay('2026-01-01', 'en')).toBe('1 January 2026');
		expect(formatDay('长期', 'zh-CN')).toBe('长期');
	});
});
