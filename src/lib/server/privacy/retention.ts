/**
 * Retention, run daily by the scheduler: each feature's manifest (`retention` in its index.ts,
 * listed in app.ts) removes what it keeps too long — reporters' contacts and evidence originals
 * (reports), survey identifiers (surveys), contacts left with 找错 reports and personal-data
 * requests (here). The audit log is never pruned (it is kept far beyond the six months the issue
 * asks). Each run writes one audit row with the counts of every step.
 */
import { and, isNotNull, lt } from 'drizzle-orm';
import type { DB } from '../db';
import type { RetentionStep } from '../feature';
import * as audit from '../audit';
import { config } from '../config';
import { now, nowMs } from '../clock';
import { siteFeedback, rightsRequests } from './schema';

// rights.ts erases a report's originals with the reports' own helper
export { deleteOriginals } from '../reports/retention';

const DAY = 86400000;

export interface RetentionCounts {
	reportContactsRemoved: number;
	reportOriginalsDeleted: number;
	feedbackContactsRemoved: number;
	surveyIdentifiersRemoved: number;
	[extra: string]: number;
}

/** The privacy feature's own step: contacts of 找错 reports and answered personal-data requests. */
export function retention(db: DB): { feedbackContactsRemoved: number } {
	// same period as reporters' contacts
	const cut = new Date(nowMs() - config.retentionReportContactDays * DAY);
	const feedbackContactsRemoved =
		db
			.update(siteFeedback)
			.set({ contact: null })
			.where(and(isNotNull(siteFeedback.contact), lt(siteFeedback.closedAt, cut)))
			.run().changes +
		db
			.update(rightsRequests)
			.set({ contact: null })
			.where(and(isNotNull(rightsRequests.contact), lt(rightsRequests.closedAt, cut)))
			.run().changes;
	return { feedbackContactsRemoved };
}

/** Runs every step (app.ts passes the features' steps in order) and audits the counts. */
export async function runSteps(db: DB, steps: readonly RetentionStep[]): Promise<RetentionCounts> {
	const counts: Record<string, number> = {};
	for (const step of steps) Object.assign(counts, await step(db));
	db.transaction((tx) =>
		audit.record(tx, {
			actor: audit.SYSTEM,
			action: 'retention.run',
			subject: { type: 'retention', id: now().toISOString().slice(0, 10) },
			after: counts
		})
	);
	return counts as RetentionCounts;
}
