import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Definition, Mapping } from './definition';

export const SURVEY_STATUSES = ['draft', 'open', 'closed', 'archived'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const surveys = sqliteTable('surveys', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	slug: text('slug').notNull().unique(),
	titleZh: text('title_zh').notNull(),
	titleEn: text('title_en').notNull(),
	/** 'perception' when built from the public-perception template */
	template: text('template'),
	status: text('status', { enum: SURVEY_STATUSES }).notNull(),
	/** sections and questions (codes, types, zh/en, skip logic) */
	definition: text('definition', { mode: 'json' }).$type<Definition>().notNull(),
	/** which answers count for indicators 54–56; null for surveys outside the template */
	mapping: text('mapping', { mode: 'json' }).$type<Mapping | null>(),
	/** whether 基本满意 counts as satisfied (indicator 56) */
	satisfactionCountsBasic: integer('satisfaction_counts_basic', { mode: 'boolean' }).notNull().default(false),
	/** weights of respondent groups in the combined indicator 55, e.g. {"public":0.7,…} */
	groupWeights: text('group_weights', { mode: 'json' }).$type<Record<string, number>>().notNull(),
	/** who collects (consent notice) and how to reach them */
	collectorZh: text('collector_zh').notNull(),
	collectorEn: text('collector_en').notNull(),
	contact: text('contact').notNull(),
	/** how long answers are kept, in days after the survey closes */
	retentionDays: integer('retention_days').notNull().default(730),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	openedAt: integer('opened_at', { mode: 'timestamp_ms' }),
	closedAt: integer('closed_at', { mode: 'timestamp_ms' })
});

export const surveyResponses = sqliteTable(
	'survey_responses',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		surveyId: integer('survey_id')
			.notNull()
			.references(() => surveys.id),
		/** random id used in exports; never the row id */
		publicId: text('public_id').notNull().unique(),
		/** sha-256 of the resume token held in the respondent's cookie (null for imports) */
		tokenHash: text('token_hash').unique(),
		/** sha-256 of the device token cookie */
		deviceHash: text('device_hash'),
		inviteId: integer('invite_id'),
		/** 'web', 'import' or 'sample' (sample responses never count) */
		source: text('source', { enum: ['web', 'import', 'sample'] }).notNull(),
		status: text('status', { enum: ['in_progress', 'complete'] }).notNull(),
		/** index of the section the respondent is on */
		page: integer('page').notNull().default(0),
		answers: text('answers', { mode: 'json' }).$type<Record<string, string | string[]>>().notNull(),
		/** quality and review flags: attention, straightline, device_repeat, ip_burst (speed is computed against the median) */
		flags: text('flags', { mode: 'json' }).$type<string[]>().notNull(),
		locale: text('locale').notNull(),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }),
		finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
		/** an unfinished response is deleted after this */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('survey_responses_survey').on(t.surveyId, t.status)]
);

export const surveyInvites = sqliteTable(
	'survey_invites',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		surveyId: integer('survey_id')
			.notNull()
			.references(() => surveys.id),
		/** sha-256 of the code; the code itself is shown once when generated */
		codeHash: text('code_hash').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [uniqueIndex('survey_invites_code').on(t.surveyId, t.codeHash)]
);

/** Resident population per town for post-stratification (admin-entered; shipped figures are samples). */
export const surveyPopulation = sqliteTable('survey_population', {
	townCode: text('town_code').primaryKey(),
	population: integer('population').notNull(),
	isSample: integer('is_sample', { mode: 'boolean' }).notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

export const REVIEW_STATUSES = ['included', 'excluded'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * Staff review of a completed response: a flagged response stays in the figures until staff
 * exclude it, with a reason (and can include it again). One row per reviewed response; its status
 * moves through the survey-response workflow, each step audited.
 */
export const surveyResponseReviews = sqliteTable('survey_response_reviews', {
	responseId: integer('response_id')
		.primaryKey()
		.references(() => surveyResponses.id, { onDelete: 'cascade' }),
	status: text('status', { enum: REVIEW_STATUSES }).notNull(),
	/** why staff excluded it (kept after re-inclusion too; the audit log has the history) */
	reason: text('reason'),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});
