/**
 * The visible points, read once and kept in memory: every finder request needs all of them (to
 * measure distances), and reading 94 rows through the ORM was most of a request's cost (≈ 4 ms,
 * profiled). Every write in this feature calls `pointsChanged()`; a change made by another process
 * shows within a minute.
 */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { points } from './schema';

type Point = typeof points.$inferSelect;

const TTL_MS = 60_000;
let cached: { db: Executor; rows: Point[]; until: number } | null = null;

export function visiblePoints(db: Executor): Point[] {
	if (cached && cached.db === db && cached.until > Date.now()) return cached.rows;
	const rows = db
		.select()
		.from(points)
		.where(eq(points.hidden, false))
		.orderBy(asc(points.townCode), asc(points.id))
		.all();
	cached = { db, rows, until: Date.now() + TTL_MS };
	return rows;
}

export function pointsChanged(): void {
	cached = null;
}
