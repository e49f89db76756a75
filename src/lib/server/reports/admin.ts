/**
 * Admin and moderation work on reports beyond the state machine: the routing table (category ×
 * zone kind → department), per-photo hiding, and deadline extensions (asked by the department,
 * decided by an admin, shown publicly). All audited.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import * as messages from './messages';
import { routingRules, reportPhotos, reports, reportEvents, reportExtensions } from './schema';
import { byCode, mayWork } from './service';
import { isOpen } from './workflow';
import * as audit from '../audit';
import { extendDueAt, dueLabel } from './deadline';
import { now } from '../clock';
import type { SessionUser } from '../auth/session';
import { DEPARTMENTS, REPORT_CATEGORIES } from '../reference';

// ---------- routing table ----------

export const ZONE_KINDS = ['*', 'reservoir_1', 'reservoir_2', 'scenic', 'town'];

export function rules(db: Executor) {
	return db.select().from(routingRules).orderBy(asc(routingRules.category), asc(routingRules.zoneKind)).all();
}

export function addRule(
	db: DB,
	actorId: string,
	raw: { category: string; zoneKind: string; department: string }
): { ok: true } | { ok: false; error: 'invalid' | 'exists' } {
	const okCat = raw.category === '*' || REPORT_CATEGORIES.some((c) => c.code === raw.category);
	const okZone = ZONE_KINDS.includes(raw.zoneKind);
	const okDept = raw.department === 'town' || DEPARTMENTS.some((d) => d.code === raw.department);
	if (!okCat || !okZone || !okDept) return { ok: false, error: 'invalid' };
	if (
		db
			.select()
			.from(routingRules)
			.where(and(eq(routingRules.category, raw.category), eq(routingRules.zoneKind, raw.zoneKind)))
			.get()
	)
		return { ok: false, error: 'exists' };
	db.transaction((tx) => {
		const row = tx.insert(routingRules).values(raw).returning({ id: routingRules.id }).get();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'routing.add',
			subject: { type: 'routing_rule', id: String(row.id) },
			after: raw
		});
	});
	return { ok: true };
}

export function removeRule(db: DB, actorId: string, id: number): boolean {
	return db.transaction((tx) => {
		const before = tx.select().from(routingRules).where(eq(routingRules.id, id)).get();
		if (!before) return false;
		tx.delete(routingRules).where(eq(routingRules.id, id)).run();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'routing.remove',
			subject: { type: 'routing_rule', id: String(id) },
			before
		});
		return true;
	});
}

// ---------- photos ----------

/** Hide (or show) one photo of a report the user may work; hidden photos are never served publicly. */
export function setPhotoHidden(db: DB, user: SessionUser, code: string, photoId: number, hidden: boolean): boolean {
	const r = byCode(db, code);
	if (!r || !mayWork(user, r)) return false;
	return db.transaction((tx) => {
		const n = tx
			.update(reportPhotos)
			.set({ hidden })
			.where(and(eq(reportPhotos.id, photoId), eq(reportPhotos.reportId, r.id)))
			.run().changes;
		if (n)
			audit.record(tx, {
				actor: { type: 'user', id: user.id },
				action: hidden ? 'report.photo_hide' : 'report.photo_show',
				subject: { type: 'report', id: r.code },
				note: `photo ${photoId}`
			});
		return n === 1;
	});
}

// ---------- deadline extensions ----------

export type ExtensionError = 'not_found' | 'forbidden' | 'invalid' | 'no_deadline' | 'pending_exists' | 'not_pending';

/** The department asks for more working days, with a reason the public will see if approved. */
export function requestExtension(
	db: DB,
	user: SessionUser,
	code: string,
	days: number,
	reason: string
): { ok: true } | { ok: false; error: ExtensionError } {
	const r = byCode(db, code);
	if (!r) return { ok: false, error: 'not_found' };
	if (!mayWork(user, r)) return { ok: false, error: 'forbidden' };
	if (!r.dueAt || !isOpen(r.status)) return { ok: false, error: 'no_deadline' };
	const why = reason.trim().slice(0, 300);
	if (!Number.isInteger(days) || days < 1 || days > 30 || !why) return { ok: false, error: 'invalid' };
	if (
		db
			.select()
			.from(reportExtensions)
			.where(and(eq(reportExtensions.reportId, r.id), eq(reportExtensions.status, 'pending')))
			.get()
	)
		return { ok: false, error: 'pending_exists' };
	db.transaction((tx) => {
		const row = tx
			.insert(reportExtensions)
			.values({ reportId: r.id, days, reason: why, status: 'pending', requestedBy: user.id, requestedAt: now() })
			.returning({ id: reportExtensions.id })
			.get();
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'report.extension_request',
			subject: { type: 'report', id: r.code },
			note: `${days} working days: ${why}`,
			after: { extension: row.id }
		});
	});
	return { ok: true };
}

export function pendingExtensions(db: Executor) {
	return db
		.select({
			id: reportExtensions.id,
			days: reportExtensions.days,
			reason: reportExtensions.reason,
			code: reports.code,
			dueAt: reports.dueAt,
			department: reports.departmentCode
		})
		.from(reportExtensions)
		.innerJoin(reports, eq(reportExtensions.reportId, reports.id))
		.where(eq(reportExtensions.status, 'pending'))
		.orderBy(asc(reportExtensions.id))
		.all()
		.map((x) => ({ ...x, due: x.dueAt ? dueLabel(x.dueAt) : null }));
}

/** An admin approves (the due day moves, publicly noted on the timeline) or refuses. */
export function decideExtension(
	db: DB,
	admin: SessionUser,
	id: number,
	approve: boolean
): { ok: true; dueAt?: Date } | { ok: false; error: ExtensionError } {
	if (admin.role !== 'admin') return { ok: false, error: 'forbidden' };
	const ext = db.select().from(reportExtensions).where(eq(reportExtensions.id, id)).get();
	if (!ext || ext.status !== 'pending') return { ok: false, error: 'not_pending' };
	const r = db.select().from(reports).where(eq(reports.id, ext.reportId)).get()!;
	const dueAt = approve && r.dueAt ? extendDueAt(db, r.dueAt, ext.days) : undefined;
	db.transaction((tx) => {
		tx.update(reportExtensions)
			.set({ status: approve ? 'approved' : 'refused', decidedBy: admin.id, decidedAt: now() })
			.where(eq(reportExtensions.id, id))
			.run();
		if (dueAt) {
			tx.update(reports).set({ dueAt }).where(eq(reports.id, r.id)).run();
			// shown on the public timeline: the new date and the department's reason
			tx.insert(reportEvents)
				.values({
					reportId: r.id,
					at: now(),
					fromStatus: r.status,
					toStatus: r.status,
					publicNote: `${dueLabel(r.dueAt!)} → ${dueLabel(dueAt)}: ${ext.reason}`,
					internalNote: null,
					actor: `user:${admin.id}`
				})
				.run();
		}
		audit.record(tx, {
			actor: { type: 'user', id: admin.id },
			action: approve ? 'report.extension_approve' : 'report.extension_refuse',
			subject: { type: 'report', id: r.code },
			from: r.dueAt ? dueLabel(r.dueAt) : null,
			to: dueAt ? dueLabel(dueAt) : r.dueAt ? dueLabel(r.dueAt) : null
		});
		if (dueAt) messages.extended(tx, r, dueAt, ext.reason);
	});
	return { ok: true, dueAt };
}

/**
 * The reporter's full contact, for staff who may work the report (lists show it masked). Every
 * reveal is audited. Outcomes: the contact (or null when none was left); undefined when not theirs.
 */
export function revealContact(db: DB, user: SessionUser, code: string): string | null | undefined {
	const r = db.select().from(reports).where(eq(reports.code, code)).get();
	if (!r || !mayWork(user, r)) return undefined;
	db.transaction((tx) =>
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'report.contact_reveal',
			subject: { type: 'report', id: r.code }
		})
	);
	return r.contact;
}
