/**
 * 无废细胞 applications: start (pinned to the type's current criteria version), answers saved per
 * section with evidence files, submission, the review workflow through workflow.ts, 公示 with
 * objections, certificates with a verification token, the public register and the plan's progress.
 * Outcomes are values; every transition is audited in the same transaction as the change.
 */
import { and, asc, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { DB, Executor, Tx } from '../db';
import {
	cellApplications,
	cellAnswers,
	cellEvidence,
	cellEvents,
	cellObjections,
	type CellApplication,
	type CellStatus
} from './schema';
import { organisations, users } from '../auth/schema';
import { files as filesT } from '../files/schema';
import { workflow, mayEdit, REVIEWING, type Action, type Actor, type Need } from './workflow';
import { transition as transitionTo, isConflict } from '../workflow';
import { evaluate, needsFile, validValue, type Answers, type Definition } from '../../cells/criteria';
import * as criteria from './criteria';
import * as files from '../files';
import * as audit from '../audit';
import * as messages from './messages';
import * as rateLimit from '../rate-limit';
import { can } from '../auth/permissions';
import { config } from '../config';
import { now, nowMs } from '../clock';
import { districtDay } from '../../time/zone';
import type { SessionUser } from '../auth/session';

export type Application = CellApplication;
const DAY = 86400000;

export function cellType(code: string) {
	return criteria.CELL_TYPES.find((t) => t.code === code);
}

/** The nine types with their targets, for pages. */
export function cellTypesForPages() {
	return criteria.CELL_TYPES.map((t) => ({ code: t.code, zh: t.zh, en: t.en, target: t.target }));
}

// ---------- who may do what ----------

export function isApplicant(user: SessionUser | null | undefined, app: Application): boolean {
	return !!user && can(user, 'cells.apply') && user.orgId === app.orgId;
}

export function mayReview(user: SessionUser | null | undefined, app: Pick<Application, 'orgId' | 'cellType'>): boolean {
	return can(user, 'cells.review', {
		orgId: app.orgId,
		cellType: app.cellType,
		departments: cellType(app.cellType)?.lead ?? []
	});
}

export function mayView(user: SessionUser | null | undefined, app: Application): boolean {
	return isApplicant(user, app) || (app.status !== 'draft' && mayReview(user, app));
}

// ---------- reading ----------

export function get(db: Executor, id: number): Application | undefined {
	if (!Number.isSafeInteger(id) || id <= 0) return undefined;
	return db.select().from(cellApplications).where(eq(cellApplications.id, id)).get();
}

export function definitionOf(db: Executor, app: Application): Definition {
	return criteria.getVersion(db, app.criteriaVersionId)!.definition;
}

export function answers(db: Executor, appId: number) {
	return db.select().from(cellAnswers).where(eq(cellAnswers.applicationId, appId)).all();
}

export function evidence(db: Executor, appId: number) {
	return db
		.select({
			id: cellEvidence.id,
			criterionId: cellEvidence.criterionId,
			fileId: cellEvidence.fileId,
			name: filesT.originalName,
			mime: filesT.mime
		})
		.from(cellEvidence)
		.innerJoin(filesT, eq(filesT.id, cellEvidence.fileId))
		.where(eq(cellEvidence.applicationId, appId))
		.orderBy(asc(cellEvidence.id))
		.all();
}

export function timeline(db: Executor, appId: number) {
	return db.select().from(cellEvents).where(eq(cellEvents.applicationId, appId)).orderBy(asc(cellEvents.id)).all();
}

export function objections(db: Executor, appId: number) {
	return db
		.select()
		.from(cellObjections)
		.where(eq(cellObjections.applicationId, appId))
		.orderBy(asc(cellObjections.id))
		.all();
}

/** The applicant's values (or the reviewer's, where they scored) as one answer map. */
export function valueMap(
	rows: { criterionId: string; value: string | null; reviewValue?: string | null }[],
	which: 'self' | 'review'
): Answers {
	const out: Answers = {};
	for (const r of rows) out[r.criterionId] = which === 'review' ? (r.reviewValue ?? r.value) : r.value;
	return out;
}

export type SectionStatus = 'not_started' | 'in_progress' | 'completed' | 'cannot_start';

/**
 * The task list: eligibility first; the other sections cannot start until every eligibility
 * item is "yes". A section is completed when every item is answered and every eligibility or
 * mandatory item has its evidence (a file for documents and photos, a note for data).
 */
export function taskList(
	def: Definition,
	vals: Answers,
	notes: Record<string, string | null>,
	fileCount: Record<string, number>
) {
	const r = evaluate(def, vals);
	return def.sections.map((s) => {
		const items = def.criteria.filter((c) => c.section === s.id);
		const done = items.filter(
			(c) =>
				vals[c.id] &&
				(!(c.kind === 'eligibility' || c.kind === 'mandatory') || hasEvidence(c, notes[c.id], fileCount[c.id] ?? 0))
		);
		const started = items.some((c) => vals[c.id]);
		let status: SectionStatus = done.length === items.length ? 'completed' : started ? 'in_progress' : 'not_started';
		if (s.id !== 'eligibility' && !r.eligible && !started) status = 'cannot_start';
		return { id: s.id, zh: s.zh, en: s.en, status, count: items.length, done: done.length };
	});
}

function hasEvidence(c: Definition['criteria'][number], note: string | null | undefined, n: number): boolean {
	if (needsFile(c)) return n > 0;
	if (c.evidence === 'data') return !!note?.trim();
	return true;
}

/** Eligibility and mandatory items still missing an answer "yes"-or-"no" or their evidence. */
export function missingForSubmit(
	def: Definition,
	vals: Answers,
	notes: Record<string, string | null>,
	fileCount: Record<string, number>
): string[] {
	return def.criteria
		.filter(
			(c) =>
				(c.kind === 'eligibility' || c.kind === 'mandatory') &&
				(!vals[c.id] || !hasEvidence(c, notes[c.id], fileCount[c.id] ?? 0))
		)
		.map((c) => c.id);
}

/** Everything a page about one application needs. */
export function overview(db: Executor, app: Application) {
	const def = definitionOf(db, app);
	const rows = answers(db, app.id);
	const ev = evidence(db, app.id);
	const vals = valueMap(rows, 'self');
	const notes = Object.fromEntries(rows.map((r) => [r.criterionId, r.note]));
	const fileCount: Record<string, number> = {};
	for (const e of ev) fileCount[e.criterionId] = (fileCount[e.criterionId] ?? 0) + 1;
	return {
		def,
		rows,
		evidence: ev,
		self: evaluate(def, vals),
		review: evaluate(def, valueMap(rows, 'review')),
		tasks: taskList(def, vals, notes, fileCount),
		missing: missingForSubmit(def, vals, notes, fileCount),
		version: criteria.getVersion(db, app.criteriaVersionId)!.version
	};
}

/** An organisation's applications, newest first. */
export function forOrg(db: Executor, orgId: string) {
	return db
		.select()
		.from(cellApplications)
		.where(eq(cellApplications.orgId, orgId))
		.orderBy(desc(cellApplications.id))
		.all();
}

/** The review queue: applications of the types this user reviews (admin: all), drafts never. */
export function queue(db: Executor, user: SessionUser, status?: string) {
	const types = criteria.CELL_TYPES.filter(
		(t) => user.role === 'admin' || (user.departmentCode && t.lead.includes(user.departmentCode))
	).map((t) => t.code);
	if (!types.length) return [];
	const conds = [inArray(cellApplications.cellType, types), ne(cellApplications.status, 'draft')];
	if (status && (cellApplications.status.enumValues as readonly string[]).includes(status))
		conds.push(eq(cellApplications.status, status as CellStatus));
	return db
		.select({ app: cellApplications, orgName: organisations.name })
		.from(cellApplications)
		.innerJoin(organisations, eq(organisations.id, cellApplications.orgId))
		.where(and(...conds))
		.orderBy(desc(cellApplications.updatedAt))
		.limit(300)
		.all()
		.filter((r) => mayReview(user, r.app));
}

// ---------- starting ----------

/** An application still in play (one per organisation and type). */
const OPEN: CellStatus[] = ['draft', ...REVIEWING];

export type StartError = 'forbidden' | 'bad_type' | 'already_open' | 'no_criteria' | 'not_renewable';

/**
 * An organisation starts an application for a type (its own type when it has one), pinned to
 * that type's current criteria version. A renewal copies the previous certificate's answers and
 * evidence. Outcomes: ok with id; `already_open` (id of the open one); `bad_type`; `no_criteria`.
 */
export function start(
	db: DB,
	user: SessionUser,
	type: string,
	renewalOf?: number
): { ok: true; id: number } | { ok: false; error: StartError; id?: number } {
	if (!can(user, 'cells.apply')) return { ok: false, error: 'forbidden' };
	const org = db.select().from(organisations).where(eq(organisations.id, user.orgId!)).get();
	if (!org) return { ok: false, error: 'forbidden' };
	const t = cellType(org.type) ? org.type : type;
	if (!cellType(t)) return { ok: false, error: 'bad_type' };
	let prev: Application | undefined;
	if (renewalOf !== undefined) {
		prev = get(db, renewalOf);
		if (
			!prev ||
			prev.orgId !== org.id ||
			!prev.certNo ||
			prev.cellType !== t ||
			!['certified', 'expired'].includes(prev.status)
		)
			return { ok: false, error: 'not_renewable' };
	}
	const open = db
		.select({ id: cellApplications.id })
		.from(cellApplications)
		.where(
			and(eq(cellApplications.orgId, org.id), eq(cellApplications.cellType, t), inArray(cellApplications.status, OPEN))
		)
		.get();
	if (open) return { ok: false, error: 'already_open', id: open.id };
	const v = criteria.current(db, t);
	if (!v) return { ok: false, error: 'no_criteria' };
	const id = db.transaction((tx) => {
		const row = tx
			.insert(cellApplications)
			.values({
				orgId: org.id,
				cellType: t,
				criteriaVersionId: v.id,
				status: 'draft',
				renewalOf: prev?.id ?? null,
				createdAt: now(),
				updatedAt: now()
			})
			.returning({ id: cellApplications.id })
			.get();
		if (prev) {
			// renewal: the previous answers (those the new version still has) and their evidence
			const ids = new Set(v.definition.criteria.map((c) => c.id));
			for (const a of answers(tx, prev.id).filter((a) => ids.has(a.criterionId))) {
				tx.insert(cellAnswers)
					.values({ applicationId: row.id, criterionId: a.criterionId, value: a.value, note: a.note, updatedAt: now() })
					.run();
			}
			for (const e of tx
				.select()
				.from(cellEvidence)
				.where(eq(cellEvidence.applicationId, prev.id))
				.all()
				.filter((e) => ids.has(e.criterionId))) {
				tx.insert(cellEvidence)
					.values({ applicationId: row.id, criterionId: e.criterionId, fileId: e.fileId, createdAt: now() })
					.run();
			}
		}
		event(tx, row.id, null, 'draft', `user:${user.id}`, null);
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'cell.start',
			subject: { type: 'cell_application', id: String(row.id) },
			to: 'draft',
			after: { cellType: t, version: v.version, renewalOf: prev?.id ?? null }
		});
		return row.id;
	});
	return { ok: true, id };
}

function event(tx: Tx, appId: number, from: CellStatus | null, to: CellStatus, actor: string, note: string | null) {
	tx.insert(cellEvents).values({ applicationId: appId, at: now(), fromStatus: from, toStatus: to, note, actor }).run();
}

// ---------- answers and evidence ----------

export interface Upload {
	criterionId: string;
	bytes: Uint8Array;
	name: string;
}
export type SaveError = 'not_found' | 'forbidden' | 'locked' | 'unknown_section';

/**
 * Saves one section's answers (what the applicant may change: everything in a draft, only the
 * reopened items during 补正) and its uploads. Field errors (`choose`, `too_long`, `file_*`) come
 * back per criterion with nothing saved for that criterion's file; valid answers are saved.
 */
export async function saveSection(
	db: DB,
	user: SessionUser,
	appId: number,
	sectionId: string,
	input: { values: Record<string, string>; notes: Record<string, string> },
	uploads: Upload[]
): Promise<{ ok: true; errors: Record<string, string> } | { ok: false; error: SaveError }> {
	const app = get(db, appId);
	if (!app || !isApplicant(user, app)) return { ok: false, error: 'not_found' };
	if (app.status !== 'draft' && app.status !== 'info_requested') return { ok: false, error: 'locked' };
	const def = definitionOf(db, app);
	if (!def.sections.some((s) => s.id === sectionId)) return { ok: false, error: 'unknown_section' };
	const items = def.criteria.filter((c) => c.section === sectionId && mayEdit(app.status, app.reopened ?? null, c.id));
	const errors: Record<string, string> = {};
	const prepared: { criterionId: string; file: files.PreparedFile }[] = [];
	for (const u of uploads) {
		if (!items.some((c) => c.id === u.criterionId)) continue;
		// PDFs are documents; everything else must be an image (JPEG, PNG, WebP…): the bytes decide
		const kind = Buffer.from(u.bytes.subarray(0, 5)).toString('latin1') === '%PDF-' ? 'document' : 'image';
		const r = await files.prepare({ bytes: u.bytes, name: u.name }, kind);
		if (!r.ok) errors[u.criterionId] = `file_${r.error}`;
		else prepared.push({ criterionId: u.criterionId, file: r.file });
	}
	const at = now();
	try {
		db.transaction((tx) => {
			for (const c of items) {
				const v = input.values[c.id]?.trim() ?? '';
				const note = (input.notes[c.id] ?? '').trim();
				if (note.length > 2000) {
					errors[c.id] ??= 'too_long';
					continue;
				}
				if (v && !validValue(c, v)) {
					errors[c.id] ??= 'choose';
					continue;
				}
				tx.insert(cellAnswers)
					.values({ applicationId: app.id, criterionId: c.id, value: v || null, note: note || null, updatedAt: at })
					.onConflictDoUpdate({
						target: [cellAnswers.applicationId, cellAnswers.criterionId],
						set: { value: v || null, note: note || null, updatedAt: at }
					})
					.run();
			}
			for (const p of prepared) {
				files.attach(tx, p.file, 'cells', String(app.id));
				tx.insert(cellEvidence)
					.values({ applicationId: app.id, criterionId: p.criterionId, fileId: p.file.id, createdAt: at })
					.run();
			}
			tx.update(cellApplications).set({ updatedAt: at }).where(eq(cellApplications.id, app.id)).run();
			audit.record(tx, {
				actor: { type: 'user', id: user.id },
				action: 'cell.answers_save',
				subject: { type: 'cell_application', id: String(app.id) },
				note: `${sectionId}: ${items.length} items, ${prepared.length} files`
			});
		});
	} catch (e) {
		await files.discard(prepared.map((p) => p.file));
		throw e;
	}
	return { ok: true, errors };
}

/** The applicant removes an evidence file from an item they may still change. */
export function removeEvidence(db: DB, user: SessionUser, appId: number, evidenceId: number): boolean {
	const app = get(db, appId);
	if (!app || !isApplicant(user, app)) return false;
	const e = db
		.select()
		.from(cellEvidence)
		.where(and(eq(cellEvidence.id, evidenceId), eq(cellEvidence.applicationId, app.id)))
		.get();
	if (!e || !mayEdit(app.status, app.reopened ?? null, e.criterionId)) return false;
	db.transaction((tx) => {
		tx.delete(cellEvidence).where(eq(cellEvidence.id, e.id)).run();
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'cell.evidence_remove',
			subject: { type: 'cell_application', id: String(app.id) },
			note: `${e.criterionId}: ${e.fileId}`
		});
	});
	return true;
}

// ---------- review scores ----------

const SCORING: CellStatus[] = ['accepted', 'under_review', 'site_visit'];

/** A reviewer's score and comment per criterion, beside the applicant's own. */
export function saveReview(
	db: DB,
	user: SessionUser,
	appId: number,
	values: Record<string, string>,
	comments: Record<string, string>
): { ok: true; errors: Record<string, string> } | { ok: false; error: 'not_found' | 'locked' } {
	const app = get(db, appId);
	if (!app || app.status === 'draft' || !mayReview(user, app)) return { ok: false, error: 'not_found' };
	if (!SCORING.includes(app.status)) return { ok: false, error: 'locked' };
	const def = definitionOf(db, app);
	const errors: Record<string, string> = {};
	const at = now();
	db.transaction((tx) => {
		for (const c of def.criteria) {
			const v = values[c.id]?.trim() ?? '';
			const comment = (comments[c.id] ?? '').trim().slice(0, 1000);
			if (!v && !comment) continue;
			if (v && !validValue(c, v)) {
				errors[c.id] = 'choose';
				continue;
			}
			tx.insert(cellAnswers)
				.values({
					applicationId: app.id,
					criterionId: c.id,
					value: null,
					reviewValue: v || null,
					reviewComment: comment || null,
					updatedAt: at
				})
				.onConflictDoUpdate({
					target: [cellAnswers.applicationId, cellAnswers.criterionId],
					set: { reviewValue: v || null, reviewComment: comment || null }
				})
				.run();
		}
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'cell.review_save',
			subject: { type: 'cell_application', id: String(app.id) }
		});
	});
	return { ok: true, errors };
}

// ---------- transitions ----------

/**
 * Whether a reviewer has saved their scores since the applicant last (re)submitted: a
 * recommendation rests on the reviewer's own finding, not on the self-score alone ("same as the
 * applicant" is a finding once saved). The audit log is the record of both acts.
 */
export function reviewedSinceSubmission(db: Executor, appId: number): boolean {
	const last = (action: string) =>
		audit.list(db, { subjectType: 'cell_application', subjectId: String(appId), action, limit: 1 })[0]?.id ?? 0;
	const saved = last('cell.review_save');
	return saved > 0 && saved > Math.max(last('cell.submit'), last('cell.resubmit'));
}

export type TransitionError =
	| 'not_found'
	| 'illegal'
	| 'reason_required'
	| 'items_required'
	| 'due_day_required'
	| 'visit_required'
	| 'not_passing'
	| 'scores_required'
	| 'incomplete'
	| 'ineligible'
	| 'notice_open'
	| 'objection_open'
	| 'conflict';

const NEED_ERRORS: Record<Need, TransitionError> = {
	eligible: 'ineligible',
	complete: 'incomplete',
	reason: 'reason_required',
	items: 'items_required',
	due_day: 'due_day_required',
	visit: 'visit_required',
	scored: 'scores_required',
	passing_review: 'not_passing',
	notice_closed: 'notice_open',
	no_open_objection: 'objection_open'
};

const STORE = { table: cellApplications, id: cellApplications.id, status: cellApplications.status };

export interface TransitionInput {
	reason?: string;
	items?: string[];
	dueDay?: string;
	visitDay?: string;
	findings?: string;
	objectionId?: number;
}

function randomToken(): string {
	const b = new Uint8Array(20); // 160 bits
	crypto.getRandomValues(b);
	return encodeBase32LowerCaseNoPadding(b);
}

function addMonths(d: Date, months: number): Date {
	const x = new Date(d.getTime());
	x.setUTCMonth(x.getUTCMonth() + months);
	return x;
}

/**
 * Moves an application along the table in workflow.ts. The applicant submits and resubmits;
 * reviewers (lead department, not their own organisation; admin) do the rest; the scheduler
 * expires certificates. Outcomes: ok with the new status, or an error code the page shows.
 */
export function transition(
	db: DB,
	user: SessionUser | 'system',
	appId: number,
	action: string,
	input: TransitionInput = {}
): { ok: true; status: CellStatus } | { ok: false; error: TransitionError } {
	const app = get(db, appId);
	if (!app) return { ok: false, error: 'not_found' };
	let by: Actor;
	if (user === 'system') by = 'system';
	else if (isApplicant(user, app)) by = 'applicant';
	else if (app.status !== 'draft' && mayReview(user, app)) by = 'reviewer';
	else return { ok: false, error: 'not_found' };
	const reason = input.reason?.trim().slice(0, 2000) || null;
	const def = definitionOf(db, app);
	const ids = new Set(def.criteria.map((c) => c.id));
	const items = [...new Set(input.items ?? [])].filter((i) => ids.has(i));
	const findings = input.findings?.trim().slice(0, 4000);
	let o: ReturnType<typeof overview> | undefined;
	const ov = () => (o ??= overview(db, app));
	const objs = objections(db, app.id);
	const checked = workflow.check(action, app.status, by, {
		reason: !!reason,
		eligible: () => !ov().self.blocked,
		complete: () => !ov().missing.length,
		items: items.length > 0,
		due_day: !!input.dueDay && /^\d{4}-\d{2}-\d{2}$/.test(input.dueDay) && input.dueDay >= districtDay(now()),
		visit: !!input.visitDay && /^\d{4}-\d{2}-\d{2}$/.test(input.visitDay) && !!findings,
		// a reviewer recommends only after entering scores since the applicant last submitted
		scored: () => reviewedSinceSubmission(db, app.id),
		passing_review: () => evaluate(def, valueMap(answers(db, app.id), 'review')).passed,
		notice_closed: !!app.noticeEndsAt && nowMs() >= app.noticeEndsAt.getTime(),
		no_open_objection: !objs.some((x) => x.status === 'open')
	});
	if (!checked.ok) return { ok: false, error: checked.error === 'illegal' ? 'illegal' : NEED_ERRORS[checked.error] };
	const a: Action = checked.action;
	const set: Partial<Application> = { updatedAt: now() };
	let note = reason;
	if (a === 'submit') {
		set.submittedAt = now();
		set.caseNo = `WF${districtDay(now()).slice(0, 4)}${String(app.id).padStart(5, '0')}`;
	}
	if (a === 'resubmit') set.reopened = null;
	if (a === 'request_info') {
		set.reopened = items;
		set.infoDueDay = input.dueDay;
	}
	if (a === 'site_visit') {
		set.siteVisitDay = input.visitDay;
		set.siteVisitFindings = findings;
	}
	if (a === 'publish_notice') set.noticeEndsAt = new Date(nowMs() + config.cellNoticeDays * DAY);
	let upheld: number | null = null;
	if (a === 'uphold_objection') {
		const obj = objs.find((x) => x.id === input.objectionId && x.status === 'open');
		if (!obj) return { ok: false, error: 'illegal' };
		upheld = obj.id;
	}
	if (a === 'certify') {
		const at = now();
		set.certifiedAt = at;
		set.expiresAt = addMonths(at, def.validityMonths);
		set.certNo = `MYWF-${districtDay(at).slice(0, 4)}-${String(app.id).padStart(4, '0')}`;
		set.verifyToken = randomToken();
	}
	if (a === 'reject' || a === 'revoke') set.decisionReason = reason;
	if (a === 'revoke') set.revokedAt = now();
	const actor = user === 'system' ? 'system' : `user:${user.id}`;
	if (a === 'request_info')
		note = [reason, `${set.reopened!.join(', ')} · ${set.infoDueDay}`].filter(Boolean).join('\n');
	let to: CellStatus;
	try {
		to = db.transaction((tx) => {
			// compare-and-set inside the transaction: two reviewers acting at once cannot both move it
			const to = transitionTo(tx, workflow, STORE, {
				action: a,
				key: app.id,
				from: app.status,
				set,
				actor: user === 'system' ? audit.SYSTEM : { type: 'user', id: user.id },
				note,
				after:
					a === 'request_info'
						? { items: set.reopened, due: set.infoDueDay }
						: a === 'certify'
							? { certNo: set.certNo }
							: upheld !== null
								? { objection: upheld }
								: undefined
			});
			if (upheld !== null)
				tx.update(cellObjections)
					.set({ status: 'upheld', decisionReason: reason, decidedBy: actor, decidedAt: now() })
					.where(eq(cellObjections.id, upheld))
					.run();
			event(tx, app.id, app.status, to, actor, note);
			const org = tx
				.select({ name: organisations.name })
				.from(organisations)
				.where(eq(organisations.id, app.orgId))
				.get();
			messages.transitioned(tx, { ...app, ...set, status: to } as Application, a, org?.name ?? '', reason);
			return to;
		});
	} catch (e) {
		if (isConflict(e)) return { ok: false, error: 'conflict' };
		throw e;
	}
	return { ok: true, status: to };
}

// ---------- 公示 and objections ----------

export type ObjectionError = 'not_found' | 'closed' | 'reason_required' | 'limited';

/** Anyone files an objection while the 7-day notice runs (reason required, contact optional). */
export function fileObjection(
	db: DB,
	appId: number,
	reason: string,
	contact: string,
	ip: string
): { ok: true } | { ok: false; error: ObjectionError } {
	const app = get(db, appId);
	if (!app || app.isDemo || app.status !== 'public_notice')
		return { ok: false, error: app?.status === 'public_notice' ? 'not_found' : 'closed' };
	if (!app.noticeEndsAt || nowMs() >= app.noticeEndsAt.getTime()) return { ok: false, error: 'closed' };
	const why = reason.trim();
	if (why.length < 5) return { ok: false, error: 'reason_required' };
	if (!rateLimit.hit(db, `cell-objection:${ip}`, config.limitAnonWrite).ok) return { ok: false, error: 'limited' };
	db.transaction((tx) => {
		const o = tx
			.insert(cellObjections)
			.values({
				applicationId: app.id,
				at: now(),
				reason: why.slice(0, 2000),
				contact: contact.trim().slice(0, 100) || null,
				status: 'open'
			})
			.returning({ id: cellObjections.id })
			.get();
		audit.record(tx, {
			actor: { type: 'anonymous' },
			action: 'cell.objection',
			subject: { type: 'cell_application', id: String(app.id) },
			note: `objection ${o.id}`
		});
		messages.objectionReceived(tx, app, o.id);
	});
	return { ok: true };
}

/** A reviewer dismisses an objection with a reason; certification can then proceed. */
export function dismissObjection(
	db: DB,
	user: SessionUser,
	appId: number,
	objectionId: number,
	reason: string
): { ok: true } | { ok: false; error: 'not_found' | 'reason_required' } {
	const app = get(db, appId);
	if (!app || !mayReview(user, app)) return { ok: false, error: 'not_found' };
	const o = objections(db, app.id).find((x) => x.id === objectionId && x.status === 'open');
	if (!o) return { ok: false, error: 'not_found' };
	const why = reason.trim().slice(0, 2000);
	if (!why) return { ok: false, error: 'reason_required' };
	db.transaction((tx) => {
		tx.update(cellObjections)
			.set({ status: 'dismissed', decisionReason: why, decidedBy: `user:${user.id}`, decidedAt: now() })
			.where(eq(cellObjections.id, o.id))
			.run();
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'cell.objection_dismiss',
			subject: { type: 'cell_application', id: String(app.id) },
			from: 'open',
			to: 'dismissed',
			note: why
		});
	});
	return { ok: true };
}

/** Notices in progress (公示 not yet over), for /cells/notices. */
export function notices(db: Executor) {
	return db
		.select({
			id: cellApplications.id,
			cellType: cellApplications.cellType,
			noticeEndsAt: cellApplications.noticeEndsAt,
			orgName: organisations.name,
			townCode: organisations.townCode,
			caseNo: cellApplications.caseNo
		})
		.from(cellApplications)
		.innerJoin(organisations, eq(organisations.id, cellApplications.orgId))
		.where(and(eq(cellApplications.status, 'public_notice'), eq(cellApplications.isDemo, false)))
		.orderBy(asc(cellApplications.noticeEndsAt))
		.all()
		.map((r) => ({
			...r,
			open: !!r.noticeEndsAt && r.noticeEndsAt.getTime() > nowMs(),
			noticeEndsAt: r.noticeEndsAt?.getTime() ?? null
		}));
}

// ---------- certificates, verification, the register ----------

export type CertStatus = 'valid' | 'expired' | 'revoked';

/** A certificate's status at read time: revoked, expired by date (whatever the scheduler did), or valid. */
export function certStatus(app: Pick<Application, 'status' | 'expiresAt'>, at = nowMs()): CertStatus {
	if (app.status === 'revoked') return 'revoked';
	if (app.status === 'expired' || !app.expiresAt || app.expiresAt.getTime() <= at) return 'expired';
	return 'valid';
}

export function byToken(db: Executor, token: string) {
	if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
	const r = db
		.select({ app: cellApplications, orgName: organisations.name, townCode: organisations.townCode })
		.from(cellApplications)
		.innerJoin(organisations, eq(organisations.id, cellApplications.orgId))
		.where(eq(cellApplications.verifyToken, token))
		.get();
	return r && r.app.certNo ? r : undefined;
}

/** The public verification answer (also the .json body). */
export function verify(db: Executor, token: string) {
	const r = byToken(db, token);
	if (!r) return undefined;
	return {
		status: certStatus(r.app),
		organisation: r.orgName,
		type: r.app.cellType,
		certNo: r.app.certNo!,
		certifiedOn: districtDay(r.app.certifiedAt!),
		expiresOn: districtDay(r.app.expiresAt!),
		revokedOn: r.app.revokedAt ? districtDay(r.app.revokedAt) : null,
		/** why it was revoked: public, so that whoever scans the QR code knows */
		revokedReason: r.app.status === 'revoked' ? r.app.decisionReason : null
	};
}

/** Certified cells for the public register (valid ones; no drafts, no rejections), filtered. */
export function register(db: Executor, f: { type?: string; town?: string } = {}) {
	const conds = [
		inArray(cellApplications.status, ['certified']),
		eq(cellApplications.isDemo, false),
		isNotNull(cellApplications.certNo)
	];
	if (f.type) conds.push(eq(cellApplications.cellType, f.type));
	if (f.town) conds.push(eq(organisations.townCode, f.town));
	return db
		.select({ app: cellApplications, orgName: organisations.name, townCode: organisations.townCode })
		.from(cellApplications)
		.innerJoin(organisations, eq(organisations.id, cellApplications.orgId))
		.where(and(...conds))
		.orderBy(desc(cellApplications.certifiedAt))
		.all()
		.filter((r) => certStatus(r.app) === 'valid')
		.map((r) => ({
			id: r.app.id,
			orgName: r.orgName,
			townCode: r.townCode,
			cellType: r.app.cellType,
			certNo: r.app.certNo!,
			token: r.app.verifyToken!,
			certifiedOn: districtDay(r.app.certifiedAt!),
			expiresOn: districtDay(r.app.expiresAt!)
		}));
}

/**
 * Progress toward the plan's targets: the total against indicator 44 (≥ 20) and each type against
 * its 附件2 target (projects 1–5, which add up to 29: `typeTargetSum`); the plan states both, so
 * both are shown, each with its source. Valid certificates only — certified, not
 * expired by the shared clock, not revoked — demo records excluded. `records` is the number of
 * certificate rows looked at (every non-demo application that was ever certified).
 */
export function cellProgress(db: Executor): {
	total: number;
	records: number;
	byType: { code: string; count: number; target: number }[];
	totalTarget: number;
	typeTargetSum: number;
} {
	const rows = db
		.select({
			status: cellApplications.status,
			expiresAt: cellApplications.expiresAt,
			cellType: cellApplications.cellType
		})
		.from(cellApplications)
		.where(and(isNotNull(cellApplications.certNo), eq(cellApplications.isDemo, false)))
		.all();
	const at = nowMs();
	const count: Record<string, number> = {};
	for (const r of rows) if (certStatus(r, at) === 'valid') count[r.cellType] = (count[r.cellType] ?? 0) + 1;
	const byType = criteria.CELL_TYPES.map((t) => ({ code: t.code, count: count[t.code] ?? 0, target: t.target }));
	return {
		total: byType.reduce((s, t) => s + t.count, 0),
		records: rows.length,
		byType,
		totalTarget: criteria.TOTAL_TARGET,
		typeTargetSum: byType.reduce((s, t) => s + t.target, 0)
	};
}

export function townOf(db: Executor, orgId: string): string | null {
	return (
		db.select({ t: organisations.townCode }).from(organisations).where(eq(organisations.id, orgId)).get()?.t ?? null
	);
}

/** Email addresses of an organisation's accounts (reminders). */
export function orgEmails(db: Executor, orgId: string): string[] {
	return db
		.select({ email: users.email })
		.from(users)
		.where(eq(users.orgId, orgId))
		.all()
		.map((u) => u.email);
}

/** Evidence files: the applicant organisation and the application's reviewers only. */
const evidenceAccess: files.AccessRule = (db, file, user) => {
	if (!user || !file.ownerId) return false;
	const links = db
		.select({ appId: cellEvidence.applicationId })
		.from(cellEvidence)
		.where(eq(cellEvidence.fileId, file.id))
		.all();
	const ids = new Set([Number(file.ownerId), ...links.map((l) => l.appId)]);
	for (const id of ids) {
		const app = get(db, id);
		if (app && mayView(user, app)) return true;
	}
	return false;
};
export const fileAccess = { cells: evidenceAccess };
