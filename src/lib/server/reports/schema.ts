import { sqliteTable, text, integer, real, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { departments } from '../reference/schema';

export const REPORT_STATUSES = [
	'pending',
	'accepted',
	'assigned',
	'in_progress',
	'resolved',
	'rejected',
	'transferred',
	'duplicate'
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Zones reports are routed by: reservoir protection zones and scenic areas (circles; sample until the district supplies polygons). */
export const reportZones = sqliteTable('report_zones', {
	code: text('code').primaryKey(),
	kind: text('kind', { enum: ['reservoir_1', 'reservoir_2', 'scenic'] }).notNull(),
	zh: text('zh').notNull(),
	en: text('en').notNull(),
	lat: real('lat').notNull(),
	lng: real('lng').notNull(),
	radiusM: integer('radius_m').notNull(),
	/** the zone's own town (a scenic area's town is named, never derived from the nearest town centre) */
	townCode: text('town_code'),
	isSample: integer('is_sample', { mode: 'boolean' }).notNull()
});

/**
 * category × zone kind → department. `*` matches any; department `town` means the town
 * government of the report's town. The most specific matching rule wins.
 */
export const routingRules = sqliteTable('routing_rules', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	category: text('category').notNull(),
	zoneKind: text('zone_kind').notNull(),
	department: text('department').notNull()
});

export const reports = sqliteTable(
	'reports',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** public tracking code, unambiguous characters */
		code: text('code').notNull().unique(),
		category: text('category').notNull(),
		description: text('description').notNull(),
		/** WGS-84 as given (staff only); the public sees a coarsened position */
		lat: real('lat').notNull(),
		lng: real('lng').notNull(),
		townCode: text('town_code').notNull(),
		zoneCode: text('zone_code'),
		zoneKind: text('zone_kind').notNull(),
		departmentCode: text('department_code').references(() => departments.code),
		status: text('status', { enum: REPORT_STATUSES }).notNull(),
		/** personal data: staff only, never public */
		contact: text('contact'),
		locale: text('locale').notNull(),
		duplicateOf: integer('duplicate_of'),
		assignee: text('assignee'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
		resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
		/**
		 * the instant by which it must be resolved: 24 clock hours from acceptance for urgent reports,
		 * else the end (23:59:59 Asia/Shanghai) of the N-th working day; extensions move it
		 */
		dueAt: integer('due_at', { mode: 'timestamp_ms' }),
		reopenCount: integer('reopen_count').notNull().default(0),
		confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
		hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
		/** why staff hid it, or 'flagged' while visitor flags await review */
		hiddenReason: text('hidden_reason'),
		isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false)
	},
	(t) => [index('reports_dept_status_idx').on(t.departmentCode, t.status), index('reports_created_idx').on(t.createdAt)]
);

/** The public and internal timeline of a report (the audit log holds the same transitions too). */
export const reportEvents = sqliteTable(
	'report_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		reportId: integer('report_id')
			.notNull()
			.references(() => reports.id),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		fromStatus: text('from_status'),
		toStatus: text('to_status').notNull(),
		publicNote: text('public_note'),
		internalNote: text('internal_note'),
		actor: text('actor').notNull()
	},
	(t) => [index('report_events_report_idx').on(t.reportId)]
);

/** Photos: `before` from the reporter, `after` from staff when resolving. Files are in lib/server/files. */
export const reportPhotos = sqliteTable('report_photos', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	reportId: integer('report_id')
		.notNull()
		.references(() => reports.id),
	stage: text('stage', { enum: ['before', 'after'] }).notNull(),
	/** public copy: re-encoded, no metadata */
	fileId: text('file_id').notNull(),
	/** the original bytes as received (evidence): staff only */
	originalFileId: text('original_file_id'),
	hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false)
});

/** Visitors flagging a report as abusive or private; three flags hide it until staff review it. */
export const reportFlags = sqliteTable(
	'report_flags',
	{
		reportId: integer('report_id')
			.notNull()
			.references(() => reports.id),
		/** a keyed hash of the address: counts distinct flaggers without keeping the address */
		who: text('who').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.reportId, t.who] })]
);

/** Keys for machine clients of the Open311 API (e.g. a 12345 integration); only the hash is kept. */
export const apiKeys = sqliteTable('api_keys', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	keyHash: text('key_hash').notNull().unique(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	createdBy: text('created_by').notNull(),
	revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
});

/** Deadline extensions: asked by the department with a public reason, decided by an admin. */
export const reportExtensions = sqliteTable('report_extensions', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	reportId: integer('report_id')
		.notNull()
		.references(() => reports.id),
	days: integer('days').notNull(),
	reason: text('reason').notNull(),
	status: text('status', { enum: ['pending', 'approved', 'refused'] }).notNull(),
	requestedBy: text('requested_by').notNull(),
	requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull(),
	decidedBy: text('decided_by'),
	decidedAt: integer('decided_at', { mode: 'timestamp_ms' })
});
