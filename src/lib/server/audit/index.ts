/**
 * The audit log: one append-only table, written only through `record`, always inside the caller's
 * transaction so the change and its audit row land together or not at all.
 */
import { desc, eq, and, lt, type SQL } from 'drizzle-orm';
import type { Executor, Tx } from '../db';
import { auditLog } from './schema';
import { now } from '../clock';

export type Actor =
	{ type: 'user'; id: string } | { type: 'anonymous'; id?: string | null } | { type: 'system'; id?: string | null };

export interface AuditEntry {
	actor: Actor;
	action: string;
	subject: { type: string; id: string };
	from?: string | null;
	to?: string | null;
	before?: unknown;
	after?: unknown;
	note?: string | null;
}

export const SYSTEM: Actor = { type: 'system' };

export function record(tx: Tx, e: AuditEntry): void {
	tx.insert(auditLog)
		.values({
			at: now(),
			actorType: e.actor.type,
			actorId: e.actor.id ?? null,
			action: e.action,
			subjectType: e.subject.type,
			subjectId: e.subject.id,
			fromState: e.from ?? null,
			toState: e.to ?? null,
			before: e.before ?? null,
			after: e.after ?? null,
			note: e.note ?? null
		})
		.run();
}

export interface AuditQuery {
	subjectType?: string;
	subjectId?: string;
	action?: string;
	/** return rows with id below this (paging backwards) */
	beforeId?: number;
	limit?: number;
}

export function list(db: Executor, q: AuditQuery = {}) {
	const conds: SQL[] = [];
	if (q.subjectType) conds.push(eq(auditLog.subjectType, q.subjectType));
	if (q.subjectId) conds.push(eq(auditLog.subjectId, q.subjectId));
	if (q.action) conds.push(eq(auditLog.action, q.action));
	if (q.beforeId) conds.push(lt(auditLog.id, q.beforeId));
	return db
		.select()
		.from(auditLog)
		.where(conds.length ? and(...conds) : undefined)
		.orderBy(desc(auditLog.id))
		.limit(Math.min(q.limit ?? 50, 200))
		.all();
}
