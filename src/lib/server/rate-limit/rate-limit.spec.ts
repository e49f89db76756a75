import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import * as rateLimit from './index';
import { setNow, advance } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-03T00:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

describe('rate limiter', () => {
	it('allows COUNT hits per window, then refuses with a retry time, then resets', () => {
		const limit = { count: 3, seconds: 60 };
		expect([1, 2, 3].map(() => rateLimit.hit(t.db, 'k', limit).ok)).toEqual([true, true, true]);
		const r = rateLimit.hit(t.db, 'k', limit);
		expect(r.ok).toBe(false);
		expect(r.retryAfter).toBeGreaterThan(0);
		expect(r.retryAfter).toBeLessThanOrEqual(60);
		expect(rateLimit.hit(t.db, 'other', limit).ok).toBe(true);
		advance(60000);
		expect(rateLimit.hit(t.db, 'k', limit).ok).toBe(true);
	});
	it('peek does not count; reset forgets', () => {
		const limit = { count: 1, seconds: 60 };
		expect(rateLimit.peek(t.db, 'p', limit).ok).toBe(true);
		expect(rateLimit.peek(t.db, 'p', limit).ok).toBe(true);
		rateLimit.hit(t.db, 'p', limit);
		expect(rateLimit.peek(t.db, 'p', limit).ok).toBe(false);
		rateLimit.reset(t.db, 'p');
		expect(rateLimit.peek(t.db, 'p', limit).ok).toBe(true);
	});
});
