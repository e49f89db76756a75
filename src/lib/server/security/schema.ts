import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * Security events (sign-in failures, throttling, refused keys…): one row each, also written as a
 * JSON line on stdout. Never holds passwords, tokens, secrets or full phone numbers. Kept
 * SECURITY_EVENTS_DAYS (180) by the retention job.
 */
export const securityEvents = sqliteTable(
	'security_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		event: text('event').notNull(),
		userId: text('user_id'),
		ip: text('ip'),
		/** small JSON object of non-secret details (path, subject, reason) */
		detail: text('detail')
	},
	(t) => [index('security_events_at_idx').on(t.at), index('security_events_event_idx').on(t.event, t.at)]
);
