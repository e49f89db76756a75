/**
 * Visitor reports (随手拍): submission with photos, routing, the staff workflow through the
 * transition table in workflow.ts, the reporter's confirmation, and the public view.
 * Outcomes are values; every transition is audited in the same transaction as the change.
 */
import { and, asc, desc, eq, isNull, notInArray } from 'drizzle-orm';
import { distanceM } from '../points/geo';
import type { DB, Executor, Tx } from '../db';
import { reports, reportEvents, reportPhotos, reportFlags, type ReportStatus } from './schema';
import { createHash } from 'node:crypto';
import { resolvePlace, route } from './routing';
import { PHOTO_PROOF, CLOSED_STATUSES, isOpen, workflow, type Action, type Need } from './workflow';
import { transition as transitionTo, isConflict } from '../workflow';
import * as files from '../files';
import * as audit from '../audit';
import * as rateLimit from '../rate-limit';
import * as deadline from './deadline';
import * as keys from './keys';
import * as zoneRef from './reference';
import { config } from '../config';
import { now, nowMs } from '../clock';
import { DEPARTMENTS, REPORT_CATEGORIES, TOWNS } from '../reference';
import type { SessionUser } from '../auth/session';
import * as messages from './messages';
import { nameIn } from '$lib/text';
import { reportForm, type ReportInput } from './forms';
import { fieldErrors } from '../forms';

export type Report = typeof reports.$inferSelect;
export { CATEGORY_CODES } from './forms';
export const MAX_PHOTOS = 3;
/** carries a new report's private key to its confirmation page, once */
export const NEW_KEY_COOKIE = 'report_new_key';

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

/** The photo rule of the web form: at least one, at most MAX_PHOTOS (Open311 may send none). */
export function photoError(count: number, via: 'web' | 'open311' = 'web'): string | undefined {
	if (count === 0 && via === 'web') return 'photo_required';
	if (count > MAX_PHOTOS) return 'photo_count';
}

export type SubmitError = 'invalid' | 'limited' | 'outside' | 'possible_duplicate';
export type SubmitOutcome =
	| { ok: true; code: string; department: string | null; key: string }
	| { ok: false; error: SubmitError; fields: Record<string, string>; duplicate?: string; retryAfter?: number };

export const DUPLICATE_RADIUS_M = 250;

/** An open, public report of the same category within 250 m, newest first. */
export function nearbyOpen(db: Executor, category: string, lat: number, lng: number): Report | undefined {
	return db
		.select()
		.from(reports)
		.where(
			and(eq(reports.category, category), eq(reports.hidden, false), notInArray(reports.status, [...CLOSED_STATUSES]))
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
	raw: ReportInput,
	photos: { bytes: Uint8Array; name: string }[],
	ip: string,
	locale: string,
	/** `open311`: a machine client, limited per API key by the caller; photos optional (media_url is not fetched) */
	channel: { via: 'web' } | { via: 'open311'; keyId: number } = { via: 'web' }
): Promise<SubmitOutcome> {
	// the web route has checked the form already; Open311 and other callers have not
	const parsed = reportForm.safeParse(raw);
	const fields: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
	const photoProblem = photoError(photos.length, channel.via);
	if (photoProblem) fields.photos = photoProblem;
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
	if (channel.via === 'web' && parsed.data.confirmNew !== '1') {
		// FixMyStreet's "is this the same problem?": offer the open report nearby, let them send anyway
		const near = nearbyOpen(db, parsed.data.category, pos.lat, pos.lng);
		if (near) return { ok: false, error: 'possible_duplicate', fields: {}, duplicate: near.code };
	}
	if (channel.via === 'web') {
		const hour = rateLimit.hit(db, `report:h:${ip}`, config.limitReportHour);
		const day = rateLimit.hit(db, `report:d:${ip}`, config.limitReportDay);
		if (!hour.ok || !day.ok)
			return {
				ok: false,
				error: 'limited',
				fields: {},
				retryAfter: Math.max(hour.ok ? 0 : hour.retryAfter, day.ok ? 0 : day.retryAfter)
			};
	}

	const prepared: { file: files.PreparedFile; original?: files.PreparedFile }[] = [];
	for (const p of photos) {
		const r = await files.prepare(p, 'image', { keepOriginal: true, who: { ip } });
		if (!r.ok) {
			await files.discard(prepared.flatMap((x) => [x.file, ...(x.original ? [x.original] : [])]));
			return { ok: false, error: 'invalid', fields: { photos: `photo_${r.error}` } };
		}
		prepared.push(r);
	}
	const v = parsed.data;
	const department = route(db, v.category, where);
	const code = newTrackingCode();
	let key = '';
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
			key = keys.issueOwner(tx, row.id);
			audit.record(tx, {
				actor: channel.via === 'web' ? { type: 'anonymous' } : { type: 'system', id: `api:${channel.keyId}` },
				action: 'report.submit',
				subject: { type: 'report', id: code },
				to: 'pending',
				after: { category: v.category, department, zone: where.zoneCode ?? `town:${where.townCode}` }
			});
			// the acknowledgement carries the reporter's private link (shown once on the page too)
			messages.submitted(tx, tx.select().from(reports).where(eq(reports.id, row.id)).get()!, keys.privatePath(key));
		});
	} catch (e) {
		await files.discard(prepared.flatMap((x) => [x.file, ...(x.original ? [x.original] : [])]));
		throw e;
	}
	return { ok: true, code, department, key };
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
	| 'conflict'
	| 'public_note_required'
	| 'department_required'
	| 'original_required'
	| 'after_photo_required'
	| 'photo_invalid'
	| 'photo_scan_unavailable';

const NEED_ERRORS: Record<Need, TransitionError> = {
	public_note: 'public_note_required',
	department: 'department_required',
	original: 'original_required',
	after_photo: 'after_photo_required'
};

const STORE = { table: reports, id: reports.id, status: reports.status };

/**
 * Staff move a report along the table in workflow.ts. Outcomes: ok, or an error the page shows.
 * `resolve` on litter/dumping categories needs an "after" photo; `transfer` a department;
 * `duplicate` the original's tracking code; `resolve` and `reject` a public reply. `conflict`:
 * someone else moved the report since `input.expected` (the status the page showed) — or while
 * this change was being written; nothing is changed.
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
		/** the status the person saw when choosing the action */
		expected?: string;
	}
): Promise<{ ok: true; status: ReportStatus } | { ok: false; error: TransitionError }> {
	const r = byCode(db, code);
	if (!r) return { ok: false, error: 'not_found' };
	if (!mayWork(user, r)) return { ok: false, error: 'forbidden' };
	if (input.expected && input.expected !== r.status) return { ok: false, error: 'conflict' };
	const by = user.role === 'admin' ? 'admin' : 'staff';
	if (!workflow.allowed(action, r.status, by)) return { ok: false, error: 'illegal' };
	const publicNote = input.publicNote?.trim().slice(0, 1000) || null;
	const internalNote = input.internalNote?.trim().slice(0, 1000) || null;
	const department = input.department && DEPARTMENTS.some((d) => d.code === input.department) ? input.department : null;
	const original = action === 'duplicate' && input.original ? byCode(db, input.original) : undefined;
	let after: Awaited<ReturnType<typeof files.prepare>> | null = null;
	if (action === 'resolve' && input.photo) after = await files.prepare(input.photo, 'image', { keepOriginal: true });
	const checked = workflow.check(action, r.status, by, {
		public_note: !!publicNote,
		department: !!department && department !== r.departmentCode,
		original: !!original && original.id !== r.id,
		// a photo that was sent but cannot be used is reported as such below, not as missing
		after_photo: !PHOTO_PROOF.has(r.category) || !!after
	});
	if (!checked.ok) return { ok: false, error: checked.error === 'illegal' ? 'illegal' : NEED_ERRORS[checked.error] };
	// the photo may be fine: the scanner could not be asked, so "choose another" would mislead
	if (after && !after.ok)
		return { ok: false, error: after.error === 'scan_unavailable' ? 'photo_scan_unavailable' : 'photo_invalid' };
	const a = checked.action;
	const at = now();
	const set: Partial<Report> = {};
	if (a === 'accept') {
		set.acceptedAt = r.acceptedAt ?? at;
		set.dueAt = r.dueAt ?? deadline.dueAtFor(db, r, at);
	}
	if (a === 'assign') set.assignee = input.assignee?.trim().slice(0, 60) || user.displayName;
	if (a === 'resolve') set.resolvedAt = at;
	if (a === 'transfer') set.departmentCode = department;
	if (a === 'duplicate') set.duplicateOf = original!.id;
	try {
		const to = db.transaction((tx) => {
			// compare-and-set inside the transaction: two staff acting at once cannot both move it
			const to = transitionTo(tx, workflow, STORE, {
				action: a,
				key: r.id,
				from: r.status,
				set,
				actor: { type: 'user', id: user.id },
				subjectId: r.code,
				note: internalNote,
				after: a === 'transfer' ? { department } : undefined
			});
			if (after && after.ok) {
				files.attach(tx, after.file, 'reports', String(r.id));
				if (after.original) files.attach(tx, after.original, 'reports-original', String(r.id));
				tx.insert(reportPhotos)
					.values({ reportId: r.id, stage: 'after', fileId: after.file.id, originalFileId: after.original?.id ?? null })
					.run();
			}
			event(tx, r.id, r.status, to, `user:${user.id}`, publicNote, internalNote);
			// "fixed / not fixed" goes out with its own single-use link, valid 7 days, stored hashed
			const followUpPath = a === 'resolve' && r.contact ? keys.privatePath(keys.issueFollowup(tx, r.id)) : undefined;
			messages.transitioned(tx, r, a, to, {
				publicNote,
				dueAt: set.dueAt ?? r.dueAt,
				department,
				original: original?.code,
				followUpPath
			});
			return to;
		});
		return { ok: true, status: to };
	} catch (e) {
		if (isConflict(e)) return { ok: false, error: 'conflict' };
		throw e;
	}
}

// ---------- the reporter's follow-up ----------

export const CONFIRM_DAYS = 7;

export type FollowUpError = 'not_found' | 'not_resolved' | 'window_closed' | 'already_confirmed' | 'conflict';

/**
 * After resolution the reporter has 7 days to confirm (`confirm`), or to say "not fixed" (`reopen`:
 * back in progress, counted). Both are steps of the workflow table; only the reporter can: `by` is
 * what `keys.open` resolved from their private or follow-up link, and a follow-up link is spent by
 * the answer. `conflict` when staff moved the report meanwhile.
 */
export function followUp(
	db: DB,
	by: keys.Opened,
	fixed: boolean,
	note: string
): { ok: true } | { ok: false; error: FollowUpError } {
	const r = db.select().from(reports).where(eq(reports.id, by.report.id)).get();
	if (!r) return { ok: false, error: 'not_found' };
	const action: Action = fixed ? 'confirm' : 'reopen';
	if (!workflow.allowed(action, r.status, 'reporter') || !r.resolvedAt) return { ok: false, error: 'not_resolved' };
	if (r.confirmedAt) return { ok: false, error: 'already_confirmed' };
	if (nowMs() - r.resolvedAt.getTime() > CONFIRM_DAYS * 86400000) return { ok: false, error: 'window_closed' };
	const clean = note.trim().slice(0, 500) || null;
	let spent = true;
	try {
		db.transaction((tx) => {
			if (by.kind === 'followup' && !keys.spend(tx, by.keyId)) {
				spent = false;
				return;
			}
			const to = transitionTo(tx, workflow, STORE, {
				action,
				key: r.id,
				from: r.status,
				set: fixed ? { confirmedAt: now() } : { resolvedAt: null, reopenCount: r.reopenCount + 1 },
				actor: { type: 'anonymous' },
				subjectId: r.code,
				note: fixed ? null : clean
			});
			event(tx, r.id, r.status, to, 'visitor', clean, null);
		});
	} catch (e) {
		if (isConflict(e)) return { ok: false, error: 'conflict' };
		throw e;
	}
	return spent ? { ok: true } : { ok: false, error: 'already_confirmed' };
}

// ---------- a visitor adds a photo to an open report ----------

export async function addPhoto(
	db: DB,
	by: keys.Opened,
	photo: { bytes: Uint8Array; name: string } | null,
	ip: string
): Promise<
	| { ok: true }
	| {
			ok: false;
			error: 'not_found' | 'closed' | 'limited' | 'too_many' | `photo_${files.FileError}` | 'photo_required';
	  }
> {
	const r = by.report;
	if (r.hidden) return { ok: false, error: 'not_found' };
	if (!isOpen(r.status)) return { ok: false, error: 'closed' };
	if (!photo) return { ok: false, error: 'photo_required' };
	if (photos(db, r.id).filter((p) => p.stage === 'before').length >= 10) return { ok: false, error: 'too_many' };
	if (!rateLimit.hit(db, `report:h:${ip}`, config.limitReportHour).ok) return { ok: false, error: 'limited' };
	const p = await files.prepare(photo, 'image', { keepOriginal: true, who: { ip } });
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

/** The reporter adds information for staff (not public): a timeline event with an internal note. */
export function addInfo(
	db: DB,
	by: keys.Opened,
	text: string,
	ip: string
): { ok: true } | { ok: false; error: 'required' | 'closed' | 'limited' } {
	const r = by.report;
	const clean = text.trim().slice(0, 1000);
	if (!clean) return { ok: false, error: 'required' };
	if (!isOpen(r.status)) return { ok: false, error: 'closed' };
	if (!rateLimit.hit(db, `report:h:${ip}`, config.limitReportHour).ok) return { ok: false, error: 'limited' };
	db.transaction((tx) => {
		event(tx, r.id, r.status, r.status, REPORTER_INFO, null, clean);
		audit.record(tx, {
			actor: { type: 'anonymous' },
			action: 'report.info_add',
			subject: { type: 'report', id: r.code }
		});
	});
	return { ok: true };
}
/** actor of the reporter's added information: shown to staff, left out of the public timeline */
export const REPORTER_INFO = 'reporter:info';

// ---------- the tracking page ----------

/**
 * What the tracking page shows of a report: public facts, the public timeline (statuses and
 * public replies, never internal notes or who), photos. The reporter's own page adds what needs
 * their key (their contact, the follow-up and add-photo forms).
 */
export function trackingView(db: Executor, r: Report, en: boolean) {
	const cat = REPORT_CATEGORIES.find((c) => c.code === r.category);
	const town = TOWNS.find((t) => t.code === r.townCode);
	const zone = r.zoneCode ? zoneRef.zone(db, r.zoneCode) : undefined;
	const shown = photos(db, r.id).filter((p) => !p.hidden);
	return {
		report: {
			code: r.code,
			status: r.status,
			category: cat ? nameIn(cat, en) : r.category,
			// a name, never coordinates: the zone and its town, or the town
			place:
				zone && town
					? en
						? `${zone.en}, ${town.en}`
						: `${zone.zh}（${town.zh}）`
					: zone
						? en
							? zone.en
							: zone.zh
						: town
							? en
								? town.en
								: town.zh
							: r.townCode,
			coarse: coarsen(r.lat, r.lng, r.category),
			createdAt: r.createdAt.getTime(),
			due: r.dueAt ? deadline.dueLabel(r.dueAt) : null,
			confirmed: !!r.confirmedAt,
			description: r.description
		},
		timeline: timeline(db, r.id)
			.filter((e) => e.actor !== REPORTER_INFO)
			.map((e) => ({
				id: e.id,
				at: e.at.getTime(),
				to: e.toStatus,
				from: e.fromStatus,
				note: e.publicNote,
				byVisitor: e.actor === 'visitor'
			})),
		before: shown.filter((p) => p.stage === 'before').map((p) => p.fileId),
		after: shown.filter((p) => p.stage === 'after').map((p) => p.fileId),
		canFollowUp:
			r.status === 'resolved' &&
			!r.confirmedAt &&
			!!r.resolvedAt &&
			nowMs() - r.resolvedAt.getTime() <= CONFIRM_DAYS * 86400000,
		canAddPhoto: isOpen(r.status)
	};
}

/** A tracking-page lookup by public code, counted per address. */
export function lookup(
	db: Executor,
	code: string,
	ip: string
): { ok: true; report: Report } | { ok: false; error: 'not_found' | 'limited'; retryAfter?: number } {
	const lim = rateLimit.hit(db, `track:ip:${ip}`, config.limitTrackLookup);
	if (!lim.ok) return { ok: false, error: 'limited', retryAfter: lim.retryAfter };
	const r = byCode(db, code);
	return r && !r.hidden ? { ok: true, report: r } : { ok: false, error: 'not_found' };
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
const photoAccess: files.AccessRule = (db, file, user) => {
	const p = db.select().from(reportPhotos).where(eq(reportPhotos.fileId, file.id)).get();
	if (!p) return false;
	const r = db.select().from(reports).where(eq(reports.id, p.reportId)).get();
	if (!r) return false;
	if (user && mayWork(user, r)) return true;
	return !p.hidden && !r.hidden;
};
const originalAccess: files.AccessRule = (db, file, user) => {
	if (!user) return false;
	const p = db.select().from(reportPhotos).where(eq(reportPhotos.originalFileId, file.id)).get();
	if (!p) return false;
	const r = db.select().from(reports).where(eq(reports.id, p.reportId)).get();
	return !!r && mayWork(user, r);
};
export const fileAccess = { reports: photoAccess, 'reports-original': originalAccess };
