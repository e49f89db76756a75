import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema';

/**
 * A person's request under PIPL (arts. 44–47) to see, correct or delete the personal data tied to
 * a report tracking code or to their account. Worked by admin within a deadline (working days).
 */
export const rightsRequests = sqliteTable(
	'rights_requests',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** the reference the requester keeps (8 characters) */
		ref: text('ref').notNull().unique(),
		kind: text('kind', { enum: ['access', 'correction', 'deletion'] }).notNull(),
		trackingCode: text('tracking_code'),
		/**
		 * how the requester proved it is theirs: `key` (the report's private key or a one-time code
		 * to its contact), `account` (signed in), `admin:<id>` (an admin checked identity by other
		 * means, audited); null until then — the held data stays hidden from the answer page
		 */
		verifiedBy: text('verified_by'),
		userId: text('user_id').references(() => users.id),
		details: text('details').notNull(),
		/** how to reply (optional for a tracking-code request: the reply is also shown by ref) */
		contact: text('contact'),
		status: text('status', { enum: ['open', 'fulfilled', 'refused'] }).notNull(),
		dueDay: text('due_day').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
		closedBy: text('closed_by').references(() => users.id),
		reply: text('reply')
	},
	(t) => [index('rights_requests_status').on(t.status, t.dueDay)]
);

/** 找错: a visitor's report of an error on the site (broken link, wrong text, a page that fails). */
export const siteFeedback = sqliteTable(
	'site_feedback',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pageUrl: text('page_url').notNull(),
		kind: text('kind', { enum: ['broken', 'wrong', 'accessibility', 'other'] }).notNull(),
		details: text('details').notNull(),
		contact: text('contact'),
		status: text('status', { enum: ['new', 'done'] }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
		closedBy: text('closed_by').references(() => users.id)
	},
	(t) => [index('site_feedback_status').on(t.status)]
);
