import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organisations } from '../auth/schema';

export const CELL_STATUSES = [
	'draft',
	'submitted',
	'accepted',
	'under_review',
	'info_requested',
	'site_visit',
	'recommended',
	'public_notice',
	'certified',
	'rejected',
	'expired',
	'revoked'
] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

/**
 * Criteria sets, one row per cell type and version. The definition (sections, criteria, pass rule,
 * validity) is JSON checked by criteria.ts. `draft` versions are being edited by an admin;
 * `published` ones are offered to applicants (the newest for the type); an application keeps the
 * version it started on.
 */
export const cellCriteriaVersions = sqliteTable(
	'cell_criteria_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		cellType: text('cell_type').notNull(),
		version: integer('version').notNull(),
		status: text('status', { enum: ['draft', 'published'] }).notNull(),
		definition: text('definition', { mode: 'json' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
		createdBy: text('created_by').notNull()
	},
	(t) => [uniqueIndex('cell_criteria_type_version_idx').on(t.cellType, t.version)]
);

/** An application; once certified it is also the certificate (number, token, dates). */
export const cellApplications = sqliteTable(
	'cell_applications',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** 案件编号, given on submission */
		caseNo: text('case_no').unique(),
		orgId: text('org_id')
			.notNull()
			.references(() => organisations.id),
		cellType: text('cell_type').notNull(),
		criteriaVersionId: integer('criteria_version_id')
			.notNull()
			.references(() => cellCriteriaVersions.id),
		status: text('status', { enum: CELL_STATUSES }).notNull(),
		/** criterion ids the applicant may change during 补正 (JSON array) */
		reopened: text('reopened', { mode: 'json' }).$type<string[]>(),
		/** district day (YYYY-MM-DD) the 补正 is due */
		infoDueDay: text('info_due_day'),
		siteVisitDay: text('site_visit_day'),
		siteVisitFindings: text('site_visit_findings'),
		noticeEndsAt: integer('notice_ends_at', { mode: 'timestamp_ms' }),
		decisionReason: text('decision_reason'),
		certNo: text('cert_no').unique(),
		/** ≥ 128 random bits, base32: the QR code's /cells/verify/[token] */
		verifyToken: text('verify_token').unique(),
		certifiedAt: integer('certified_at', { mode: 'timestamp_ms' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
		renewalOf: integer('renewal_of'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false)
	},
	(t) => [index('cell_apps_org_idx').on(t.orgId), index('cell_apps_type_status_idx').on(t.cellType, t.status)]
);

/** One answer per criterion: the applicant's value and note, the reviewer's value and comment beside it. */
export const cellAnswers = sqliteTable(
	'cell_answers',
	{
		applicationId: integer('application_id')
			.notNull()
			.references(() => cellApplications.id),
		criterionId: text('criterion_id').notNull(),
		value: text('value'),
		note: text('note'),
		reviewValue: text('review_value'),
		reviewComment: text('review_comment'),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.applicationId, t.criterionId] })]
);

/** Evidence files per criterion (the files themselves are in lib/server/files, feature `cells`). */
export const cellEvidence = sqliteTable(
	'cell_evidence',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		applicationId: integer('application_id')
			.notNull()
			.references(() => cellApplications.id),
		criterionId: text('criterion_id').notNull(),
		fileId: text('file_id').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('cell_evidence_app_idx').on(t.applicationId), index('cell_evidence_file_idx').on(t.fileId)]
);

/** The status timeline the applicant sees (the audit log has the same transitions). */
export const cellEvents = sqliteTable(
	'cell_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		applicationId: integer('application_id')
			.notNull()
			.references(() => cellApplications.id),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		fromStatus: text('from_status'),
		toStatus: text('to_status').notNull(),
		note: text('note'),
		actor: text('actor').notNull()
	},
	(t) => [index('cell_events_app_idx').on(t.applicationId)]
);

/** Objections filed by anyone during 公示; decided by a reviewer (upheld or dismissed with a reason). */
export const cellObjections = sqliteTable(
	'cell_objections',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		applicationId: integer('application_id')
			.notNull()
			.references(() => cellApplications.id),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		reason: text('reason').notNull(),
		/** optional; reviewers only */
		contact: text('contact'),
		status: text('status', { enum: ['open', 'upheld', 'dismissed'] }).notNull(),
		decisionReason: text('decision_reason'),
		decidedBy: text('decided_by'),
		decidedAt: integer('decided_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('cell_objections_app_idx').on(t.applicationId)]
);

export type CellApplication = typeof cellApplications.$inferSelect;
export type CellAnswer = typeof cellAnswers.$inferSelect;
