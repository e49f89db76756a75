import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema';
import { files } from '../files/schema';

/** 通知公告: bilingual notices staff publish; bodies are Markdown rendered without raw HTML. */
export const notices = sqliteTable(
	'notices',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		titleZh: text('title_zh').notNull(),
		titleEn: text('title_en').notNull(),
		bodyZh: text('body_zh').notNull(),
		bodyEn: text('body_en').notNull(),
		fileId: text('file_id').references(() => files.id),
		status: text('status', { enum: ['draft', 'published', 'unpublished'] }).notNull(),
		/** first publication; kept when a notice is unpublished and published again */
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
		createdBy: text('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('notices_published').on(t.status, t.publishedAt)]
);
