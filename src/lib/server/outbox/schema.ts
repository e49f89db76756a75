import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

export const OUTBOX_STATUSES = ['pending', 'retrying', 'sent', 'failed', 'cancelled'] as const;

export const outbox = sqliteTable(
	'outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		channel: text('channel', { enum: ['email', 'sms', 'site'] }).notNull(),
		recipient: text('recipient').notNull(),
		subject: text('subject').notNull(),
		/** plain text (email) or the SMS text; emptied 30 days after delivery (see pruneBodies) */
		body: text('body').notNull(),
		/** the template's name (e.g. `report.ack`), sent to the SMS gateway */
		template: text('template'),
		/** the template's parameters as JSON, sent to the SMS gateway */
		params: text('params'),
		locale: text('locale'),
		/** a message with a key already in the outbox is not queued twice */
		dedupeKey: text('dedupe_key').unique(),
		status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
		lastError: text('last_error'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_recipient_idx').on(t.recipient)]
);

/** Short links for SMS (`/k/<22-character token>` → a path on this site). */
export const shortLinks = sqliteTable('short_links', {
	token: text('token').primaryKey(),
	path: text('path').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
});

/** Site settings an admin changes at run time (key → value), e.g. the per-recipient message cap. */
export const siteSettings = sqliteTable('site_settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});

/**
 * Someone following a report by email (FixMyStreet's alerts): confirmed by a link (double opt-in),
 * ended by the one-click link in every message. `token` (22 random characters) is in both links:
 * it only confirms or ends this one follow.
 */
export const reportFollows = sqliteTable(
	'report_follows',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		reportCode: text('report_code').notNull(),
		email: text('email').notNull(),
		token: text('token').notNull().unique(),
		locale: text('locale').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('report_follows_code_idx').on(t.reportCode, t.email)]
);

/** A staff or organisation user's channels per kind of message; no row = the kind's default. */
export const messagePrefs = sqliteTable(
	'message_prefs',
	{
		userId: text('user_id').notNull(),
		kind: text('kind').notNull(),
		email: integer('email', { mode: 'boolean' }).notNull(),
		sms: integer('sms', { mode: 'boolean' }).notNull()
	},
	(t) => [index('message_prefs_user_idx').on(t.userId, t.kind)]
);

/**
 * The language a staff or organisation user reads their messages in (chosen in /account/messages,
 * where the form offers the language the page is read in); no row = Chinese, the district's language.
 */
export const messageLocales = sqliteTable('message_locales', {
	userId: text('user_id').primaryKey(),
	locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull()
});
