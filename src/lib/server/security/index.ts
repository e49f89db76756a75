/**
 * Security events: one function writes each event as one JSON line on stdout and as a row in
 * `security_events`, e.g. `{"event":"login.failed","user":12,"ip":"…","at":"…"}`. Details are
 * scrubbed before they are written: no passwords, tokens, keys or full phone numbers, ever.
 */
import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { securityEvents } from './schema';
import { now, nowMs } from '../clock';

export const EVENTS = [
	'login.failed',
	'login.throttled',
	'login.ok',
	'totp.failed',
	'totp.ok',
	'recovery.used',
	'password.changed',
	'reset.requested',
	'access.denied',
	'csrf.refused',
	'upload.refused',
	'report_key.failed',
	'report_key.throttled',
	'report_code.sent'
] as const;
export type SecurityEvent = (typeof EVENTS)[number];

export const RETENTION_DAYS = 180;

/** Long random-looking runs (tokens, keys), e-mail local parts and phone numbers are masked. */
export function scrub(s: string): string {
	return s
		.replace(/[A-Za-z0-9_-]{20,}/g, '[secret]')
		.replace(/(\+?\d[\d -]{5,}\d)(\d{4})/g, (_, a: string, b: string) => '*'.repeat(Math.min(a.length, 8)) + b)
		.replace(/([^\s@"]{1,2})[^\s@"]*@/g, '$1***@');
}

export interface EventInput {
	user?: string | null;
	ip?: string | null;
	/** non-secret details: path, subject, reason; strings are scrubbed again here */
	detail?: Record<string, string | number | boolean | null>;
}

export function record(db: Executor, event: SecurityEvent, e: EventInput = {}): void {
	const at = now();
	const detail = e.detail
		? Object.fromEntries(
				Object.entries(e.detail).map(([k, v]) => [k, typeof v === 'string' ? scrub(v.slice(0, 300)) : v])
			)
		: null;
	const line: Record<string, unknown> = { event, at: at.toISOString() };
	if (e.user != null) line.user = e.user;
	if (e.ip) line.ip = e.ip;
	if (detail) Object.assign(line, detail);
	console.log(JSON.stringify(line));
	db.insert(securityEvents)
		.values({ at, event, userId: e.user ?? null, ip: e.ip ?? null, detail: detail ? JSON.stringify(detail) : null })
		.run();
}

export interface Filter {
	event?: string;
	user?: string;
	ip?: string;
	from?: Date;
	to?: Date;
}

export function list(db: Executor, f: Filter = {}, limit = 200) {
	const conds: SQL[] = [];
	if (f.event) conds.push(eq(securityEvents.event, f.event));
	if (f.user) conds.push(eq(securityEvents.userId, f.user));
	if (f.ip) conds.push(eq(securityEvents.ip, f.ip));
	if (f.from) conds.push(gte(securityEvents.at, f.from));
	if (f.to) conds.push(lte(securityEvents.at, f.to));
	return db
		.select()
		.from(securityEvents)
		.where(conds.length ? and(...conds) : undefined)
		.orderBy(desc(securityEvents.id))
		.limit(Math.min(limit, 1000))
		.all();
}

export function count(db: Executor, event: SecurityEvent, f: Omit<Filter, 'event'> = {}): number {
	const conds: SQL[] = [eq(securityEvents.event, event)];
	if (f.user) conds.push(eq(securityEvents.userId, f.user));
	if (f.ip) conds.push(eq(securityEvents.ip, f.ip));
	return db
		.select({ n: sql<number>`count(*)` })
		.from(securityEvents)
		.where(and(...conds))
		.get()!.n;
}

/** Drops events older than RETENTION_DAYS (run daily by the retention job, see `retention`). */
export function prune(db: Executor, days = RETENTION_DAYS): number {
	return db
		.delete(securityEvents)
		.where(lt(securityEvents.at, new Date(nowMs() - days * 86400000)))
		.run().changes;
}

/**
 * The feature's manifest entry (see ../feature.ts, listed in app.ts): the daily retention run
 * drops events past RETENTION_DAYS.
 */
export function retention(db: Executor): { securityEventsRemoved: number } {
	return { securityEventsRemoved: prune(db) };
}
