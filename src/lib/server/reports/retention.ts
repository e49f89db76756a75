/**
 * The reports' step of the daily retention run: reporters' contact details are removed
 * RETENTION_REPORT_CONTACT_DAYS after a report closes, original (evidence) photos
 * RETENTION_REPORT_ORIGINALS_DAYS after. Closing is the report's last status change.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { DB } from '../db';
import { config } from '../config';
import { nowMs } from '../clock';
import { reports, reportEvents, reportPhotos } from './schema';
import { files } from '../files/schema';
import { reportFollows } from '../outbox/schema';
import { CLOSED_STATUSES } from './workflow';
const DAY = 86400000;

/** Reports closed before `cutoff` (closing = their last status change). */
function closedBefore(db: DB, cutoff: number): number[] {
	return db
		.select({ id: reports.id })
		.from(reports)
		.where(
			and(
				inArray(reports.status, [...CLOSED_STATUSES]),
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

export async function retention(db: DB): Promise<{ reportContactsRemoved: number; reportOriginalsDeleted: number }> {
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
	db.delete(reportFollows)
		.where(and(isNull(reportFollows.confirmedAt), lt(reportFollows.createdAt, new Date(t - 7 * DAY))))
		.run();
	const reportOriginalsDeleted = await deleteOriginals(
		db,
		closedBefore(db, t - config.retentionReportOriginalsDays * DAY)
	);
	return { reportContactsRemoved, reportOriginalsDeleted };
}
