/**
 * Personal-data requests (PIPL arts. 44–47): a person identified by a report tracking code or by
 * their signed-in account asks to see, correct or delete what is held about them. Admin answers
 * within RIGHTS_DEADLINE_WORKING_DAYS; each step is audited; the reply goes out through the outbox.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import type { SessionUser } from '../auth/session';
import { can } from '../auth/permissions';
import * as audit from '../audit';
import { notify } from '../outbox/notify';
import * as rateLimit from '../rate-limit';
import { addWorkingDays } from '../calendar';
import { config } from '../config';
import { now } from '../clock';
import { reports, reportPhotos } from '../reports/schema';
import { newTrackingCode, normaliseCode, TRACKING_RE } from '../reports/service';
import { users } from '../auth/schema';
import { rightsRequests } from './schema';
import { deleteOriginals } from './retention';
import { defineWorkflow, transition as transitionTo, isConflict } from '../workflow';

/** Personal-data requests: open until a privacy officer fulfils or refuses them, with a reply. */
export const workflow = defineWorkflow<'open' | 'fulfilled' | 'refused', 'officer', 'reply', 'fulfil' | 'refuse'>(
	'rights',
	{
		fulfil: { from: ['open'], to: 'fulfilled', who: ['officer'], needs: ['reply'] },
		refuse: { from: ['open'], to: 'refused', who: ['officer'], needs: ['reply'] }
	},
	{ subjectType: 'rights_request' }
);
/** Still to be answered. */
export const OPEN_STATUSES = ['open'] as const;
const STORE = { table: rightsRequests, id: rightsRequests.id, status: rightsRequests.status };
import { parseForm } from '../forms';
import { rightsForm, type RightsInput } from './forms';

export type RightsRequest = typeof rightsRequests.$inferSelect;
export { RIGHTS_KINDS as KINDS } from './forms';
export const FIELDS = ['kind', 'trackingCode', 'details', 'contact'] as const;

/**
 * Outcomes: `{ ok, ref, dueDay }`; `{ ok: false, fields }` (invalid, or `identify`: neither a
 * known tracking code nor an account); `limited` (too many requests from this address).
 */
export function submit(
	db: DB,
	raw: RightsInput,
	user: SessionUser | null,
	ip: string,
	locale: 'zh-CN' | 'en' = 'zh-CN',
	/** `key`: made from the reporter's own page (their private key was checked) */
	proof?: 'key'
):
	| { ok: true; ref: string; dueDay: string }
	| { ok: false; fields: Record<string, string> }
	| { ok: false; error: 'limited' } {
	const r = parseForm(rightsForm, raw);
	const fields: Record<string, string> = r.ok ? {} : { ...r.errors };
	let code: string | null = null;
	if (r.ok && r.data.trackingCode) {
		code = normaliseCode(r.data.trackingCode);
		const known =
			TRACKING_RE.test(code) && db.select({ id: reports.id }).from(reports).where(eq(reports.code, code)).get();
		if (!known) fields.trackingCode = 'unknown_code';
	} else if (r.ok && !user) fields.trackingCode = 'identify';
	if (!r.ok || Object.keys(fields).length) return { ok: false, fields };
	if (!rateLimit.hit(db, `rights:ip:${ip}`, config.limitAnonWrite).ok) return { ok: false, error: 'limited' };
	const at = now();
	const dueDay = addWorkingDays(db, at, config.rightsDeadlineWorkingDays);
	const ref = newTrackingCode();
	db.transaction((tx) => {
		const row = tx
			.insert(rightsRequests)
			.values({
				ref,
				kind: r.data.kind,
				trackingCode: code,
				// a tracking code alone is public: such a request waits for an admin to check identity
				verifiedBy: code ? (proof ?? null) : user ? 'account' : null,
				userId: code ? null : (user?.id ?? null),
				details: r.data.details,
				contact: r.data.contact || null,
				status: 'open',
				dueDay,
				createdAt: at
			})
			.returning({ id: rightsRequests.id })
			.get();
		audit.record(tx, {
			actor: user ? { type: 'user', id: user.id } : { type: 'anonymous' },
			action: 'rights.submit',
			subject: { type: 'rights_request', id: String(row.id) },
			to: 'open',
			after: { kind: r.data.kind, by: code ? (proof === 'key' ? 'private_key' : 'tracking_code') : 'account' }
		});
		if (r.data.contact)
			notify(tx, 'rights.ack', r.data.contact, { ref, due: dueDay }, locale, { dedupeKey: `rights:${ref}:ack` });
	});
	return { ok: true, ref, dueDay };
}

export function byRef(db: Executor, ref: string): RightsRequest | undefined {
	return db
		.select()
		.from(rightsRequests)
		.where(eq(rightsRequests.ref, normaliseCode(ref)))
		.get();
}

export function queue(db: Executor): RightsRequest[] {
	return db
		.select()
		.from(rightsRequests)
		.orderBy(asc(rightsRequests.status), asc(rightsRequests.dueDay), asc(rightsRequests.id))
		.all();
}

export function get(db: Executor, id: number): RightsRequest | undefined {
	return db.select().from(rightsRequests).where(eq(rightsRequests.id, id)).get();
}

/**
 * An admin records that they checked the requester's identity by other means (the reporter left
 * no contact and lost the link). Audited with the admin's note on how.
 */
export function verify(
	db: DB,
	user: SessionUser,
	id: number,
	how: string
): { ok: true } | { ok: false; error: 'forbidden' | 'not_found' | 'note_required' } {
	if (!can(user, 'privacy.manage')) return { ok: false, error: 'forbidden' };
	const r = get(db, id);
	if (!r) return { ok: false, error: 'not_found' };
	const note = how.trim().slice(0, 1000);
	if (!note) return { ok: false, error: 'note_required' };
	db.transaction((tx) => {
		tx.update(rightsRequests)
			.set({ verifiedBy: `admin:${user.id}` })
			.where(eq(rightsRequests.id, id))
			.run();
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'rights.identity_checked',
			subject: { type: 'rights_request', id: String(id) },
			from: r.verifiedBy ?? 'unverified',
			to: `admin:${user.id}`,
			note
		});
	});
	return { ok: true };
}

/**
 * What the site holds that the request is about, for the admin answering it; nothing until the
 * requester's identity is established (private key, account, or an admin's recorded check).
 */
export function heldData(db: Executor, r: RightsRequest) {
	if (!r.verifiedBy) return null;
	if (r.trackingCode) {
		const rep = db.select().from(reports).where(eq(reports.code, r.trackingCode)).get();
		if (!rep) return null;
		const photos = db.select().from(reportPhotos).where(eq(reportPhotos.reportId, rep.id)).all();
		return {
			type: 'report' as const,
			code: rep.code,
			createdAt: rep.createdAt.toISOString(),
			status: rep.status,
			description: rep.description,
			contact: rep.contact,
			photos: photos.length,
			originals: photos.filter((p) => p.originalFileId).length
		};
	}
	if (r.userId) {
		const u = db.select().from(users).where(eq(users.id, r.userId)).get();
		if (!u) return null;
		return {
			type: 'account' as const,
			email: u.email,
			displayName: u.displayName,
			role: u.role,
			createdAt: u.createdAt.toISOString()
		};
	}
	return null;
}

/**
 * Closes a request. `fulfil` on a deletion request tied to a report removes the reporter's
 * contact details and the original photos (the public, metadata-free copies stay, as the report
 * itself is public-interest record). Outcomes: ok; `forbidden`; `not_found`; `closed` (already
 * answered); `reply_required`.
 */
export async function close(
	db: DB,
	user: SessionUser,
	id: number,
	outcome: 'fulfilled' | 'refused',
	reply: string
): Promise<
	{ ok: true } | { ok: false; error: 'forbidden' | 'not_found' | 'closed' | 'reply_required' | 'unverified' }
> {
	if (!can(user, 'privacy.manage')) return { ok: false, error: 'forbidden' };
	const r = get(db, id);
	if (!r) return { ok: false, error: 'not_found' };
	// nothing is handed over or erased for someone who only knows the public tracking code
	if (outcome === 'fulfilled' && r.status === 'open' && !r.verifiedBy) return { ok: false, error: 'unverified' };
	const text = reply.trim().slice(0, 2000);
	const action = outcome === 'fulfilled' ? 'fulfil' : 'refuse';
	const checked = workflow.check(action, r.status, 'officer', { reply: !!text });
	if (!checked.ok) return { ok: false, error: checked.error === 'illegal' ? 'closed' : 'reply_required' };
	let erased: { contact: boolean; originals: number } | null = null;
	if (outcome === 'fulfilled' && r.kind === 'deletion' && r.trackingCode) {
		const rep = db.select().from(reports).where(eq(reports.code, r.trackingCode)).get();
		if (rep) {
			const originals = await deleteOriginals(db, [rep.id]);
			db.update(reports).set({ contact: null }).where(eq(reports.id, rep.id)).run();
			erased = { contact: !!rep.contact, originals };
		}
	}
	try {
		db.transaction((tx) => {
			// compare-and-set: a request answered meanwhile by a colleague is not answered twice
			transitionTo(tx, workflow, STORE, {
				action,
				key: id,
				from: r.status,
				set: { reply: text, closedAt: now(), closedBy: user.id },
				actor: { type: 'user', id: user.id },
				after: erased,
				note: text
			});
			if (r.contact)
				notify(tx, 'rights.reply', r.contact, { ref: r.ref, reply: text }, 'zh-CN', {
					dedupeKey: `rights:${r.ref}:closed`
				});
		});
	} catch (e) {
		if (isConflict(e)) return { ok: false, error: 'closed' };
		throw e;
	}
	return { ok: true };
}

export function openCount(db: Executor): number {
	return db
		.select({ id: rightsRequests.id })
		.from(rightsRequests)
		.where(inArray(rightsRequests.status, [...OPEN_STATUSES]))
		.all().length;
}
