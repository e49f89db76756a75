/** 找错: visitors report errors on the site; admin works the list. Anonymous writes are rate-limited. */
import { desc, eq, and } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import type { SessionUser } from '../auth/session';
import { can } from '../auth/permissions';
import * as audit from '../audit';
import * as rateLimit from '../rate-limit';
import { config } from '../config';
import { now } from '../clock';
import { siteFeedback } from './schema';
import { safeNext } from '../auth/login-flow';
import { parseForm } from '../forms';

import { feedbackForm, type FeedbackInput } from './forms';

export { FEEDBACK_KINDS } from './forms';
export const FIELDS = ['pageUrl', 'kind', 'details', 'contact'] as const;

/**
 * Outcomes: ok; `{ fields }`; `limited`. The page is kept as a path on this site only. The route
 * has parsed the form already; the check is repeated for other callers.
 */
export function submit(
	db: DB,
	raw: FeedbackInput,
	ip: string
): { ok: true } | { ok: false; fields: Record<string, string> } | { ok: false; error: 'limited'; retryAfter: number } {
	const r = parseForm(feedbackForm, raw);
	if (!r.ok) return { ok: false, fields: r.errors };
	const lim = rateLimit.hit(db, `feedback:ip:${ip}`, config.limitAnonWrite);
	if (!lim.ok) return { ok: false, error: 'limited', retryAfter: lim.retryAfter };
	db.transaction((tx) => {
		const row = tx
			.insert(siteFeedback)
			.values({
				pageUrl: safeNext(r.data.pageUrl, '/'),
				kind: r.data.kind,
				details: r.data.details,
				contact: r.data.contact || null,
				status: 'new',
				createdAt: now()
			})
			.returning({ id: siteFeedback.id })
			.get();
		audit.record(tx, {
			actor: { type: 'anonymous' },
			action: 'feedback.submit',
			subject: { type: 'site_feedback', id: String(row.id) },
			to: 'new'
		});
	});
	return { ok: true };
}

export function list(db: Executor) {
	return db.select().from(siteFeedback).orderBy(desc(siteFeedback.status), desc(siteFeedback.id)).limit(500).all();
}

export function markDone(db: DB, user: SessionUser, id: number): boolean {
	if (!can(user, 'privacy.manage')) return false;
	return db.transaction((tx) => {
		const n = tx
			.update(siteFeedback)
			.set({ status: 'done', closedAt: now(), closedBy: user.id })
			.where(and(eq(siteFeedback.id, id), eq(siteFeedback.status, 'new')))
			.run().changes;
		if (n)
			audit.record(tx, {
				actor: { type: 'user', id: user.id },
				action: 'feedback.done',
				subject: { type: 'site_feedback', id: String(id) },
				from: 'new',
				to: 'done'
			});
		return n === 1;
	});
}
