/**
 * Staff review of flagged responses: exclude one from the figures with a reason, or include it
 * again. Each step runs on the survey-response workflow, so the change and its audit row land in
 * one transaction. Only completed, non-sample responses of the survey can be reviewed.
 */
import { and, eq } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import { surveyResponses, surveyResponseReviews, type ReviewStatus } from './schema';
import { reviewWorkflow, type ReviewAction } from './workflow';
import { transition, isConflict } from '../workflow';
import { now } from '../clock';

export const REASON_MAX = 500;
const STORE = {
	table: surveyResponseReviews,
	id: surveyResponseReviews.responseId,
	status: surveyResponseReviews.status
};

export interface Review {
	status: ReviewStatus;
	reason: string | null;
}

/** Reviews of a survey's responses by response row id (responses never reviewed are absent: included). */
export function reviewsOf(db: Executor, surveyId: number): Map<number, Review> {
	const rows = db
		.select({
			id: surveyResponseReviews.responseId,
			status: surveyResponseReviews.status,
			reason: surveyResponseReviews.reason
		})
		.from(surveyResponseReviews)
		.innerJoin(surveyResponses, eq(surveyResponses.id, surveyResponseReviews.responseId))
		.where(eq(surveyResponses.surveyId, surveyId))
		.all();
	return new Map(rows.map((r) => [r.id, { status: r.status, reason: r.reason }]));
}

export type ReviewError = 'not_found' | 'reason_missing' | 'reason_too_long' | 'not_allowed' | 'conflict';

/**
 * Exclude (with a reason) or include again one response, by its public id. Outcomes: ok;
 * `not_found` (no completed response of this survey with that id); `reason_missing` /
 * `reason_too_long`; `not_allowed` (already in that state); `conflict` (changed meanwhile).
 */
export function review(
	db: DB,
	actorId: string,
	surveyId: number,
	publicId: string,
	action: ReviewAction,
	reason: string
): { ok: true } | { ok: false; error: ReviewError } {
	const note = reason.trim();
	if (action === 'exclude' && note.length > REASON_MAX) return { ok: false, error: 'reason_too_long' };
	const r = db
		.select({ id: surveyResponses.id, source: surveyResponses.source })
		.from(surveyResponses)
		.where(
			and(
				eq(surveyResponses.surveyId, surveyId),
				eq(surveyResponses.publicId, publicId),
				eq(surveyResponses.status, 'complete')
			)
		)
		.get();
	if (!r || r.source === 'sample') return { ok: false, error: 'not_found' };
	try {
		return db.transaction((tx) => {
			tx.insert(surveyResponseReviews)
				.values({ responseId: r.id, status: 'included', updatedAt: now() })
				.onConflictDoNothing()
				.run();
			const cur = tx
				.select({ status: surveyResponseReviews.status })
				.from(surveyResponseReviews)
				.where(eq(surveyResponseReviews.responseId, r.id))
				.get()!;
			const checked = reviewWorkflow.check(action, cur.status, 'staff', { reason: note.length > 0 });
			if (!checked.ok)
				return {
					ok: false as const,
					error: checked.error === 'illegal' ? ('not_allowed' as const) : ('reason_missing' as const)
				};
			transition(tx, reviewWorkflow, STORE, {
				action: checked.action,
				key: r.id,
				from: cur.status,
				set: { updatedAt: now(), ...(action === 'exclude' ? { reason: note } : {}) },
				actor: { type: 'user', id: actorId },
				subjectId: publicId,
				note: note || null
			});
			return { ok: true as const };
		});
	} catch (e) {
		if (isConflict(e)) return { ok: false, error: 'conflict' };
		throw e;
	}
}
