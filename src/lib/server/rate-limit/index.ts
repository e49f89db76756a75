/**
 * One rate limiter for the whole site: fixed windows counted in SQLite (so limits hold across
 * restarts and processes). Limits come from configuration; callers name the key, e.g.
 * `login:ip:<address>` or `report:ip:<address>`.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import type { Limit } from '../config';
import { rateLimits } from './schema';
import { nowMs } from '../clock';
import type { Job } from '../scheduler';
import { noteRetryAfter } from '../http/scope';

export interface LimitResult {
	ok: boolean;
	/** seconds until the window resets (when refused) */
	retryAfter: number;
	remaining: number;
}

/** Count one attempt against `key`; refuses once the window holds `limit.count` attempts. */
export function hit(db: Executor, key: string, limit: Limit): LimitResult {
	const t = nowMs();
	const windowMs = limit.seconds * 1000;
	const windowStart = t - (t % windowMs);
	const row = db
		.insert(rateLimits)
		.values({ key, windowStart, count: 1 })
		.onConflictDoUpdate({
			target: rateLimits.key,
			set: {
				count: sql`case when ${rateLimits.windowStart} = ${windowStart} then ${rateLimits.count} + 1 else 1 end`,
				windowStart
			}
		})
		.returning({ count: rateLimits.count })
		.get();
	const retryAfter = Math.ceil((windowStart + windowMs - t) / 1000);
	if (row.count > limit.count) {
		noteRetryAfter(retryAfter); // the hooks' Retry-After when this request is answered with a 429
		return { ok: false, retryAfter, remaining: 0 };
	}
	return { ok: true, retryAfter, remaining: limit.count - row.count };
}

/** How many attempts `key` has made in the current window, without counting one. */
export function peek(db: Executor, key: string, limit: Limit): LimitResult {
	const t = nowMs();
	const windowMs = limit.seconds * 1000;
	const windowStart = t - (t % windowMs);
	const row = db
		.select()
		.from(rateLimits)
		.where(sql`${rateLimits.key} = ${key}`)
		.get();
	const count = row && row.windowStart === windowStart ? row.count : 0;
	const retryAfter = Math.ceil((windowStart + windowMs - t) / 1000);
	if (count >= limit.count) noteRetryAfter(retryAfter);
	return { ok: count < limit.count, retryAfter, remaining: Math.max(0, limit.count - count) };
}

/**
 * Gives back one attempt counted by `hit` (e.g. a key that turned out right): the check and count
 * stay one atomic statement before the work, and only failures stay counted.
 */
export function refund(db: Executor, key: string): void {
	db.update(rateLimits)
		.set({ count: sql`max(${rateLimits.count} - 1, 0)` })
		.where(sql`${rateLimits.key} = ${key}`)
		.run();
}

/** Forget the attempts of `key` (e.g. after a successful login). */
export function reset(db: Executor, key: string): void {
	db.delete(rateLimits)
		.where(sql`${rateLimits.key} = ${key}`)
		.run();
}

/** Drop windows that ended long ago (scheduled daily). */
export function prune(db: Executor, olderThanMs: number): number {
	return db
		.delete(rateLimits)
		.where(sql`${rateLimits.windowStart} < ${nowMs() - olderThanMs}`)
		.run().changes;
}

export const jobs: Job[] = [
	{ name: 'rate_limits.prune', everySeconds: 3600, run: (db) => void prune(db, 2 * 86400000) }
];
