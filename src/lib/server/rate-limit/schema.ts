import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/** Fixed-window counters: one row per key (e.g. `login:ip:1.2.3.4`). */
export const rateLimits = sqliteTable('rate_limits', {
	key: text('key').primaryKey(),
	windowStart: integer('window_start').notNull(),
	count: integer('count').notNull()
});
