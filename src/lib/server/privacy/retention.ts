/**
 * Retention, run daily by the scheduler: reporters' contact details are removed
 * RETENTION_REPORT_CONTACT_DAYS after a report closes, original (evidence) photos
 * RETENTION_REPORT_ORIGINALS_DAYS after; survey identifiers by the survey feature's own rule
 * (registered below when it lands). The audit log is never pruned (it is kept far beyond the six
 * months the issue asks). Each run writes one audit row with its counts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { DB } from '../db';
import * as audit from '../audit';
import { config } from '../config';
import { now, nowMs } from '../clock';
import { reports, reportEvents, reportPhotos } from '../reports/schema';
import { files } from '../files/schema';
import { siteFeedback, rightsRequests } from './schema';
import { surveys, surveyResponses, surveyInvites } from '../surveys/schema';
import { reportFollows } from '../outbox/schema';

const CLOSED = ['resolved', 'rejected', 'duplicate'] as const;
const DAY = 86400000;

/** Reports closed before `cutoff` (closing = their last status change). */
function closedBefore(db: DB, cutoff: number): number[] {
	return db
		.select({ id: reports.id })
		.from(reports)
		.where(
			and(
				inArray(reports.status, [...CLOSED]),
				sql`(select max(${reportEvents.at}) from ${reportEvents} where ${reportEvents.reportId} = ${reports.id}) < ${cutoff}`
			)
		)
		.all()
		.map((r) => r.id);
}

/** Deletes the original photo files of these reports; returns how many were removed. */
export async function deleteOriginals(db: DB, reportIds: number[]): Promise<number> {
	if (!reportIds.length) return 0;
	const rows = db
		.select()
		.from(reportPhotos)
		.where(and(inArray(reportPhotos.reportId, reportIds), isNotNull(reportPhotos.originalFileId)))
		.all();
	let n = 0;
	for (const p of rows) {
		const f = db.select().from(files).where(eq(files.id, p.originalFileId!)).get();
		db.transaction((tx) => {
			tx.update(reportPhotos).set({ originalFileId: null }).where(eq(reportPhotos.id, p.id)).run();
			if (f) tx.delete(files).where(eq(files.id, f.id)).run();
		});
		if (f) await fs.rm(path.join(config.filesDir, f.storagePath), { force: true });
		n++;
	}
	return n;
}

export interface RetentionCounts {
	reportContactsRemoved: number;
	reportOriginalsDeleted: number;
	feedbackContactsRemoved: number;
	surveyIdentifiersRemoved: number;
	[extra: string]: number;
}

type Extra = (db: DB) => Promise<Record<string, number>> | Record<string, number>;
const extras: Extra[] = [];
/** Features with their own identifiers to expire (surveys) add a step here. */
export function registerRetentionStep(step: Extra): void {
	extras.push(step);
}

export async function runRetention(db: DB): Promise<RetentionCounts> {
	const t = nowMs();
	const contactIds = closedBefore(db, t - config.retentionReportContactDays * DAY);
	let reportContactsRemoved = 0;
	if (contactIds.length)
		reportContactsRemoved = db
			.update(reports)
			.set({ contact: null })
			.where(and(inArray(reports.id, contactIds), isNotNull(reports.contact)))
			.run().changes;
	// follower addresses go with the reporter's contact; unconfirmed follows after a week
	if (contactIds.length) {
		const codes = db.select({ code: reports.code }).from(reports).where(inArray(reports.id, contactIds)).all();
		reportContactsRemoved += db
			.delete(reportFollows)
			.where(
				inArray(
					reportFollows.reportCode,
					codes.map((c) => c.code)
				)
			)
			.run().changes;
	}
	reportContactsRemoved += db
		.delete(reportFollows)
		.where(and(isNull(reportFollows.confirmedAt), lt(reportFollows.createdAt, new Date(t - 7 * DAY))))
		.run().changes;
	const reportOriginalsDeleted = await deleteOriginals(
		db,
		closedBefore(db, t - config.retentionReportOriginalsDays * DAY)
	);
	// contacts left with 找错 reports and answered personal-data requests: same period as reporters'
	const cut = new Date(t - config.retentionReportContactDays * DAY);
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
	// survey identifiers (device and resume tokens, invitation links and codes) of surveys closed
	// longer than RETENTION_SURVEY_IDS_DAYS; the anonymous answers stay for the statistics
	const closedIds = db
		.select({ id: surveys.id })
		.from(surveys)
		.where(and(isNotNull(surveys.closedAt), lt(surveys.closedAt, new Date(t - config.retentionSurveyIdsDays * DAY))))
		.all()
		.map((r) => r.id);
	let surveyIdentifiersRemoved = 0;
	if (closedIds.length) {
		surveyIdentifiersRemoved += db
			.update(surveyResponses)
			.set({ deviceHash: null, tokenHash: null, inviteId: null })
			.where(
				and(
					inArray(surveyResponses.surveyId, closedIds),
					sql`(${surveyResponses.deviceHash} is not null or ${surveyResponses.tokenHash} is not null or ${surveyResponses.inviteId} is not null)`
				)
			)
			.run().changes;
		surveyIdentifiersRemoved += db
			.delete(surveyInvites)
			.where(inArray(surveyInvites.surveyId, closedIds))
			.run().changes;
	}
	const counts: RetentionCounts = {
		reportContactsRemoved,
		reportOriginalsDeleted,
		feedbackContactsRemoved,
		surveyIdentifiersRemoved
	};
	for (const step of extras) Object.assign(counts, await step(db));
	db.transaction((tx) =>
		audit.record(tx, {
			actor: audit.SYSTEM,
			action: 'retention.run',
			subject: { type: 'retention', id: now().toISOString().slice(0, 10) },
			after: counts
		})
	);
	return counts;
}
