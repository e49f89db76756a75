import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/**
 * Days that differ from the Monday–Friday rule: official holidays (`holiday`) and 调休 make-up
 * working days on a weekend (`workday`). Years not yet announced by the State Council are loaded
 * as `provisional` until staff confirm them.
 */
export const holidays = sqliteTable('holidays', {
	day: text('day').primaryKey(),
	kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
	nameZh: text('name_zh').notNull(),
	nameEn: text('name_en').notNull(),
	provisional: integer('provisional', { mode: 'boolean' }).notNull(),
	source: text('source').notNull()
});
