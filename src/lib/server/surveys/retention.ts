/**
 * The surveys' step of the daily retention run: identifiers (device and resume tokens, invitation
 * links and codes) of surveys closed longer than RETENTION_SURVEY_IDS_DAYS are removed; the
 * anonymous answers stay for the statistics.
 */
import { and, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { DB } from '../db';
import { config } from '../config';
import { nowMs } from '../clock';
import { surveys, surveyResponses, surveyInvites } from './schema';

const DAY = 86400000;

export function retention(db: DB): { surveyIdentifiersRemoved: number } {
	const closedIds = db
		.select({ id: surveys.id })
		.from(surveys)
		.where(
			and(isNotNull(surveys.closedAt), lt(surveys.closedAt, new Date(nowMs() - config.retentionSurveyIdsDays * DAY)))
		)
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
	return { surveyIdentifiersRemoved };
}
