/**
 * Visitor reports (随手拍): submission with photos, routing, the staff workflow through the
 * transition table in workflow.ts, the reporter's confirmation, and the public view.
 * Outcomes are values; every transition is audited in the same transaction as the change.
 */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { distanceM } from '../points/geo';
import { z } from 'zod';
import type { DB, Executor, Tx } from '../db';
import { reports, reportEvents, reportPhotos, reportFlags, type ReportStatus } from './schema';
import { createHash } from 'node:crypto';
import { resolvePlace, route } from './routing';
import { TRANSITIONS, PHOTO_PROOF, allowed, type Action } from './workflow';
import * as files from '../files';
import * as audit from '../audit';
import * as rateLimit from '../rate-limit';
import * as deadline from './deadline';
import { config } from '../config';
import { now, nowMs } from '../clock';
import codes from '../reference/codes.json';
import type { SessionUser } from '../auth/session';

export type Report = typeof reports.$inferSelect;
export const CATEGORY_CODES = codes.report_categories.map((c) => c.code) as [string, ...string[]];
export const MAX_PHOTOS = 3;

// ---------- tracking codes ----------

/** 8 characters without 0/O, 1/I/L: ~39 bits, easy to read out on the phone. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newTrackingCode(): string {
	const b = new Uint8Array(8);
	crypto.getRandomValues(b);
	return [...b].map((x) => ALPHABET[x % ALPHABET.length]).join('');
}
export const TRACKING_RE = /^[2-9A-HJ-NP-Z]{8}$/;
export const normaliseCode = (c: string) => c.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');

// ---------- submission ----------

export const submitSchema = z.object({
	category: z.enum(CATEGORY_CODES, { message: 'choose' }),
	description: z.string().trim().min(5, 'description_short').max(1000, 'too_long'),
	lat: z.string().optional().default(''),
	lng: z.string().optional().default(''),
	place: z.string().optional().default(''),
	contact: z.string().trim().max(100, 'too_long').optional().default('')
});

export type SubmitError = 'invalid' | 'limited' | 'outside' | 'possible_duplicate';
export type SubmitOutcome =
	| { ok: true; code: string; department: string | null }
	| { ok: false; error: SubmitError; fields: Record<string, string>; duplicate?: string };

export const DUPLICATE_RADIUS_M = 250;

/** An open, public report of the same category within 250 m, newest first. */
export function nearbyOpen(db: Executor, category: string, lat: number, lng: number): Report | undefined {
	return db
		.select()
		.from(reports)
		.where(
			and(
				eq(reports.category, category),
				eq(reports.hidden, false),
				inArray(reports.status, ['pending', 'accepted', 'assigned', 'in_progress', 'transferred'])
			)
		)
		.orderBy(desc(reports.id))
		.limit(2000)
		.all()
		.find((r) => distanceM(lat, lng, r.lat, r.lng) <= DUPLICATE_RADIUS_M);
}

/** The GPS position or map pin as given, if any. */
function gpsOf(v: { lat: string; lng: string }): { lat: number; lng: number } | null | 'bad' {
	if (!v.lat || !v.lng) return null;
	const lat = Number(v.lat);
	const lng = Number(v.lng);
	return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180
		? { lat, lng }
		: 'bad';
}

/**
 * Files a report. Photos are checked and re-encoded before the transaction (public copy without
 * metadata; original kept as staff-only evidence); a failed check stores nothing.
 * Outcomes: ok with tracking code; `invalid` with field errors; `outside` (not in Miyun: use 12345);
 * `limited` (too many from this address).
 */
export async function submit(
	db: DB,
	raw: Record<string, unknown>,
	photos: { bytes: Uint8Array; name: string }[],
	ip: string,
	locale: string,
	/** `open311`: a machine client, limited per API key by the caller; photos optional (media_url is not fetched) */
	channel: { via: 'web' } | { via: 'open311'; keyId: number } = { via: 'web' }
): Promise<SubmitOutcome> {
	const parsed = submitSchema.safeParse(raw);
	const fields: Record<string, string> = {};
	if (!parsed.success) for (const i of parsed.error.issues) fields[String(i.path[0])] ??= i.message;
	if (photos.length === 0 && channel.via === 'web') fields.photos = 'photo_required';
	if (photos.length > MAX_PHOTOS) fields.photos = 'photo_count';
	let placed: ReturnType<typeof resolvePlace> = 'bad';
	if (parsed.success) {
		const gps = gpsOf(parsed.data);
		if (gps === 'bad') fields.place = 'choose';
		else if (!gps && !parsed.data.place) fields.place = 'place_required';
		else placed = resolvePlace(db, parsed.data.place, gps);
		if (!fields.place && placed === 'bad') fields.place = 'choose';
	}
	if (Object.keys(fields).length || !parsed.success || placed === 'bad') return { ok: false, error: 'invalid', fields };
	if (placed === 'outside') return { ok: false, error: 'outside', fields: { place: 'outside' } };
	const { where, ...pos } = placed;
	if (channel.via === 'web' && raw.confirmNew !== '1') {
		// FixMyStreet's "is this the same problem?": offer the open report nearby, let them send anyway
		const near = nearbyOpen(db, parsed.data.category, pos.lat, pos.lng);
		if (near) return { ok: false, error: 'possible_duplicate', fields: {}, duplicate: near.code };
	}
	if (channel.via === 'web') {
		const hour = rateLimit.hit(db, `report:h:${ip}`, config.limitReportHour);
		const day = rateLimit.hit(db, `report:d:${ip}`, config.limitReportDay);
		if (!hour.ok || !day.ok) return { ok: false, error: 'limited', fields: {} };
	}

	const prepared: { file: files.PreparedFile; original?: files.PreparedFile }[] = [];
	for (const p of photos) {
		const r = await files.prepare(p, 'image', { keepOriginal: true });
		if (!r.ok) {
			await files.discard(prepared.flatMap((x) => [x.file, ...(x.original ? [x.original] : [])]));
			return { ok: false, error: 'invalid', fields: { photos: `photo_${r.error}` } };
		}
		prepared.push(r);
	}
	const v = parsed.data;
	const department = route(db, v.category, where);
	const code = newTrackingCode();
	try {
		db.transaction((tx) => {
			const row = tx
				.insert(reports)
				.values({
					code,
					category: v.category,
					description: v.description,
					lat: pos.lat,
					lng: pos.lng,
					townCode: where.townCode,
					zoneCode: where.zoneCode,
					zoneKind: where.zoneKind,
					departmentCode: department,
					status: 'pending',
					contact: v.contact || null,
					locale,
					createdAt: now()
				})
				.returning({ id: reports.id })
				.get();
			for (const p of prepared) {
				files.attach(tx, p.file, 'reports', String(row.id));
				if (p.original) files.attach(tx, p.original, 'reports-original', String(row.id));
				tx.insert(reportPhotos)
					.values({ reportId: row.id, stage: 'before', fileId: p.file.id, originalFileId: p.original?.id ?? null })
					.run();
			}
			event(tx, row.id, null, 'pending', channel.via === 'web' ? 'visitor' : `api:${channel.keyId}`, null, null);
			audit.record(tx, {
				actor: channel.via === 'web' ? { type: 'anonymous' } : { type: 'system', id: `api:${channel.keyId}` },
				action: 'report.submit',
				subject: { type: 'report', id: code },
				to: 'pending',
				after: { category: v.category, department, zone: where.zoneCode ?? `town:${where.townCode}` }
			});
		});
	} catch (e) {
		await files.discard(prepared.flatMap((x) => [x.file, ...(x.original ? [x.original] : [])]));
		throw e;
	}
	return { ok: true, code, department };
}

function event(
	tx: Tx,
	reportId: number,
	from: ReportStatus | null,
	to: ReportStatus,
	actor: string,
	publicNote: string | null,
	internalNote: string | null
) {
	tx.insert(reportEvents)
		.values({ reportId, at: now(), fromStatus: from, toStatus: to, publicNote, internalNote, actor })
		.run();
}

// ---------- reading ----------

export function byCode(db: Executor, code: string): Report | undefined {
	const c = normaliseCode(code);
	if (!TRACKING_RE.test(c)) return undefined;
	return db.select().from(reports).where(eq(reports.code, c)).get();
}

export function timeline(db: Executor, reportId: number) {
	return db.select().from(reportEvents).where(eq(reportEvents.reportId, reportId)).orderBy(asc(reportEvents.id)).all();
}

export function photos(db: Executor, reportId: number) {
	return db.select().from(reportPhotos).where(eq(reportPhotos.reportId, reportId)).orderBy(asc(reportPhotos.id)).all();
}

/** The position shown publicly: rounded to REPORT_PUBLIC_DECIMALS for the category (3 ≈ 100 m). */
export function coarsen(lat: number, lng: number, category = '*'): { lat: number; lng: number } {
	const d = config.reportPublicDecimals;
	const f = 10 ** (d[category] ?? d['*'] ?? 3);
	return { lat: Math.round(lat * f) / f, lng: Math.round(lng * f) / f };
}

/** A deadline as people read it, in district time. */
export const dueLabel = deadline.dueLabel;

export function isOverdue(r: Report, at: Date = now()): boolean {
	return deadline.isOverdue(r, at);
}

/** A department's queue (admin: every report; `triage` = reports no rule could route). */
export function queue(
	db: Executor,
	user: SessionUser,
	f: { status?: string; triage?: boolean; category?: string; zoneKind?: string } = {}
): Report[] {
	const conds = [];
	if (user.role !== 'admin') conds.push(eq(reports.departmentCode, user.departmentCode ?? '-'));
	else if (f.triage) conds.push(isNull(reports.departmentCode));
	if (f.status && (reports.status.enumValues as readonly string[]).includes(f.status))
		conds.push(eq(reports.status, f.status as ReportStatus));
	if (f.category) conds.push(eq(reports.category, f.category));
	if (f.zoneKind) conds.push(eq(reports.zoneKind, f.zoneKind));
	return db
		.select()
		.from(reports)
		.where(conds.length ? and(...conds) : undefined)
		.orderBy(desc(reports.id))
		.limit(200)
		.all();
}

/** Staff may act on a report of their own department; admin on any. */
export function mayWork(user: SessionUser, r: Report): boolean {
	return (
		user.role === 'admin' ||
		(user.role === 'staff' && !!user.departmentCode && r.departmentCode === user.departmentCode)
	);
}

// ---------- transitions ----------

export type TransitionError =
	| 'not_found'
	| 'forbidden'
	| 'illegal'
	| 'public_note_required'
	| 'department_required'
	| 'original_required'
	| 'after_photo_required'
	| 'photo_invalid';

/**
 * Staff move a report along the table in workflow.ts. Outcomes: ok, or an error the page shows.
 * `resolve` on litter/dumping categories needs an "after" photo; `transfer` a department;
 * `duplicate` the original's tracking code; `resolve` and `reject` a public reply.
 */
export async function transition(
	db: DB,
	user: SessionUser,
	code: string,
	action: string,
	input: {
		publicNote?: string;
		internalNote?: string;
		department?: string;
		original?: string;
		assignee?: string;
		photo?: { bytes: Uint8Array; name: string } | null;
	}
): Promise<{ ok: true; status: ReportStatus } | { ok: false; error: TransitionError }> {
	const r = byCode(db, code);
	if (!r) return { ok: false, error: 'not_found' };
	if (!mayWork(user, r)) return { ok: false, error: 'forbidden' };
	const by = user.role === 'admin' ? 'admin' : 'staff';
	if (!allowed(action, r.status, by)) return { ok: false, error: 'illegal' };
	const t = TRANSITIONS[action as Action];
	const publicNote = input.publicNote?.trim().slice(0, 1000) || null;
	const internalNote = input.internalNote?.trim().slice(0, 1000) || null;
	if (t.needs?.includes('public_note') && !publicNote) return { ok: false, error: 'public_note_required' };
	let department: string | null = r.departmentCode;
	if (action === 'transfer') {
		department =
			input.department && codes.departments.some((d) => d.code === input.department) ? input.department : null;
		if (!department || department === r.departmentCode) return { ok: false, error: 'department_required' };
	}
	let original: Report | undefined;
	if (action === 'duplicate') {
		original = input.original ? byCode(db, input.original) : undefined;
		if (!original || original.id === r.id) return { ok: false, error: 'original_required' };
	}
	let after: Awaited<ReturnType<typeof files.prepare>> | null = null;
	if (action === 'resolve' && input.photo) {
		after = await files.prepare(input.photo, 'image', { keepOriginal: true });
		if (!after.ok) return { ok: false, error: 'photo_invalid' };
	}
	if (action === 'resolve' && PHOTO_PROOF.has(r.category) && !(after && after.ok))
		return { ok: false, error: 'after_photo_required' };
	const at = now();
	const set: Partial<Report> = { status: t.to };
	if (action === 'accept') {
		set.acceptedAt = r.acceptedAt ?? at;
		set.dueAt = r.dueAt ?? deadline.dueAtFor(db, r, at);
	}
	if (action === 'assign') set.assignee = input.assignee?.trim().slice(0, 60) || user.displayName;
	if (action === 'resolve') set.resolvedAt = at;
	if (action === 'transfer') set.departmentCode = department;
	if (action === 'duplicate') set.duplicateOf = original!.id;
	db.transaction((tx) => {
		// re-check inside the transaction: two staff acting at once cannot both move it
		const cur = tx.select({ status: reports.status }).from(reports).where(eq(reports.id, r.id)).get()!;
		if (cur.status !== r.status) throw new Error('concurrent change');
		tx.update(reports).set(set).where(eq(reports.id, r.id)).run();
		if (after && after.ok) {
			files.attach(tx, after.file, 'reports', String(r.id));
			if (after.original) files.attach(tx, after.original, 'reports-original', String(r.id));
			tx.insert(reportPhotos)
				.values({ reportId: r.id, stage: 'after', fileId: after.file.id, originalFileId: after.original?.id ?? null })
				.run();
		}
		event(tx, r.id, r.status, t.to, `user:${user.id}`, publicNote, internalNote);
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: `report.${action}`,
			subject: { type: 'report', id: r.code },
			from: r.status,
			to: t.to,
			note: internalNote,
			after: action === 'transfer' ? { department } : undefined
		});
	});
	return { ok: true, status: t.to };
}

// ---------- the reporter's follow-up ----------

export const CONFIRM_DAYS = 7;

export type FollowUpError = 'not_found' | 'not_resolved' | 'window_closed' | 'already_confirmed';

/** After resolution the reporter has 7 days to confirm, or to say "not fixed" (reopens it, counted). */
export function followUp(
	db: DB,
	code: string,
	fixed: boolean,
	note: string
): { ok: true } | { ok: false; error: FollowUpError } {
	const r = byCode(db, code);
	if (!r) return { ok: false, error: 'not_found' };
	if (r.status !== 'resolved' || !r.resolvedAt) return { ok: false, error: 'not_resolved' };
	if (r.confirmedAt) return { ok: false, error: 'already_confirmed' };
	if (nowMs() - r.resolvedAt.getTime() > CONFIRM_DAYS * 86400000) return { ok: false, error: 'window_closed' };
	const clean = note.trim().slice(0, 500) || null;
	db.transaction((tx) => {
		if (fixed) {
			tx.update(reports).set({ confirmedAt: now() }).where(eq(reports.id, r.id)).run();
			event(tx, r.id, 'resolved', 'resolved', 'visitor', clean, null);
			audit.record(tx, {
				actor: { type: 'anonymous' },
				action: 'report.confirm',
				subject: { type: 'report', id: r.code },
				from: 'resolved',
				to: 'resolved'
			});
		} else {
			tx.update(reports)
				.set({ status: 'in_progress', resolvedAt: null, reopenCount: r.reopenCount + 1 })
				.where(eq(reports.id, r.id))
				.run();
			event(tx, r.id, 'resolved', 'in_progress', 'visitor', clean, null);
			audit.record(tx, {
				actor: { type: 'anonymous' },
				action: 'report.reopen',
				subject: { type: 'report', id: r.code },
				from: 'resolved',
				to: 'in_progress',
				note: clean
			});
		}
	});
	return { ok: true };
}

// ---------- a visitor adds a photo to an open report ----------

export async function addPhoto(
	db: DB,
	code: string,
	photo: { bytes: Uint8Array; name: string } | null,
	ip: string
): Promise<
	| { ok: true }
	| {
			ok: false;
			error: 'not_found' | 'closed' | 'limited' | 'too_many' | `photo_${files.FileError}` | 'photo_required';
	  }
> {
	const r = byCode(db, code);
	if (!r || r.hidden) return { ok: false, error: 'not_found' };
	if (!['pending', 'accepted', 'assigned', 'in_progress', 'transferred'].includes(r.status))
		return { ok: false, error: 'closed' };
	if (!photo) return { ok: false, error: 'photo_required' };
	if (photos(db, r.id).filter((p) => p.stage === 'before').length >= 10) return { ok: false, error: 'too_many' };
	if (!rateLimit.hit(db, `report:h:${ip}`, config.limitReportHour).ok) return { ok: false, error: 'limited' };
	const p = await files.prepare(photo, 'image', { keepOriginal: true });
	if (!p.ok) return { ok: false, error: `photo_${p.error}` };
	db.transaction((tx) => {
		files.attach(tx, p.file, 'reports', String(r.id));
		if (p.original) files.attach(tx, p.original, 'reports-original', String(r.id));
		tx.insert(reportPhotos)
			.values({ reportId: r.id, stage: 'before', fileId: p.file.id, originalFileId: p.original?.id ?? null })
			.run();
		audit.record(tx, {
			actor: { type: 'anonymous' },
			action: 'report.photo_add',
			subject: { type: 'report', id: r.code }
		});
	});
	return { ok: true };
}

// ---------- the public list and moderation ----------

/** Recent reports for the public list: never hidden ones, never contact details, positions coarsened. */
/** Public reports, newest first; optionally of one category, town or status (unknown values match nothing). */
export function publicList(db: Executor, limit = 100, f: { category?: string; town?: string; status?: string } = {}) {
	const conds = [eq(reports.hidden, false), eq(reports.isDemo, false)];
	if (f.category) conds.push(eq(reports.category, f.category));
	if (f.town) conds.push(eq(reports.townCode, f.town));
	if (f.status) conds.push(eq(reports.status, f.status as ReportStatus));
	return db
		.select()
		.from(reports)
		.where(and(...conds))
		.orderBy(desc(reports.id))
		.limit(Math.min(limit, 500))
		.all()
		.map((r) => ({
			code: r.code,
			category: r.category,
			status: r.status,
			townCode: r.townCode,
			zoneCode: r.zoneCode,
			description: r.description.length > 140 ? r.description.slice(0, 140) + '…' : r.description,
			createdAt: r.createdAt.getTime(),
			...coarsen(r.lat, r.lng, r.category)
		}));
}

/** Staff hide a report from every public view (reason required), or show it again. Audited. */
export function setHidden(
	db: DB,
	user: SessionUser,
	code: string,
	hidden: boolean,
	reason: string
): { ok: true } | { ok: false; error: 'not_found' | 'forbidden' | 'reason_required' } {
	const r = byCode(db, code);
	if (!r) return { ok: false, error: 'not_found' };
	if (!mayWork(user, r)) return { ok: false, error: 'forbidden' };
	const why = reason.trim().slice(0, 300);
	if (hidden && !why) return { ok: false, error: 'reason_required' };
	db.transaction((tx) => {
		tx.update(reports)
			.set({ hidden, hiddenReason: hidden ? why : null })
			.where(eq(reports.id, r.id))
			.run();
		if (!hidden) tx.delete(reportFlags).where(eq(reportFlags.reportId, r.id)).run();
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: hidden ? 'report.hide' : 'report.show',
			subject: { type: 'report', id: r.code },
			from: r.hidden ? 'hidden' : 'visible',
			to: hidden ? 'hidden' : 'visible',
			note: why || null
		});
	});
	return { ok: true };
}

export const FLAGS_TO_HIDE = 3;

/** A visitor flags a report; the third distinct visitor hides it until staff review it. */
export function flag(
	db: DB,
	code: string,
	ip: string
): { ok: true; hidden: boolean } | { ok: false; error: 'not_found' | 'limited' } {
	const r = byCode(db, code);
	if (!r || r.hidden) return { ok: false, error: 'not_found' };
	if (!rateLimit.hit(db, `flag:ip:${ip}`, config.limitAnonWrite).ok) return { ok: false, error: 'limited' };
	const who = createHash('sha256').update(`report-flag:${ip}`).digest('hex').slice(0, 32);
	return db.transaction((tx) => {
		tx.insert(reportFlags).values({ reportId: r.id, who, at: now() }).onConflictDoNothing().run();
		const n = tx.select({ who: reportFlags.who }).from(reportFlags).where(eq(reportFlags.reportId, r.id)).all().length;
		if (n >= FLAGS_TO_HIDE) {
			tx.update(reports).set({ hidden: true, hiddenReason: 'flagged' }).where(eq(reports.id, r.id)).run();
			audit.record(tx, {
				actor: { type: 'anonymous' },
				action: 'report.flag_hide',
				subject: { type: 'report', id: r.code },
				from: 'visible',
				to: 'hidden',
				note: `${n} visitor flags`
			});
			return { ok: true as const, hidden: true };
		}
		return { ok: true as const, hidden: false };
	});
}

/** Photos of reports: public copies are public unless hidden (or the report is); originals are staff-only. */
files.registerAccess('reports', (db, file, user) => {
	const p = db.select().from(reportPhotos).where(eq(reportPhotos.fileId, file.id)).get();
	if (!p) return false;
	const r = db.select().from(reports).where(eq(reports.id, p.reportId)).get();
	if (!r) return false;
	if (user && mayWork(user, r)) return true;
	return !p.hidden && !r.hidden;
});
files.registerAccess('reports-original', (db, file, user) => {
	if (!user) return false;
	const p = db.select().from(reportPhotos).where(eq(reportPhotos.originalFileId, file.id)).get();
	if (!p) return false;
	const r = db.select().from(reports).where(eq(reports.id, p.reportId)).get();
	return !!r && mayWork(user, r);
});
