import { sqliteTable, text, real, integer } from 'drizzle-orm/sqlite-core';

/** The 20 towns/streets and the park (codes from codes.json). */
export const towns = sqliteTable('towns', {
	code: text('code').primaryKey(),
	zh: text('zh').notNull(),
	en: text('en').notNull(),
	lat: real('lat').notNull(),
	lng: real('lng').notNull(),
	/** true when the centre is our estimate rather than a published figure */
	approximate: integer('approximate', { mode: 'boolean' }).notNull(),
	sort: integer('sort').notNull()
});

export const departments = sqliteTable('departments', {
	code: text('code').primaryKey(),
	zh: text('zh').notNull(),
	en: text('en').notNull(),
	kind: text('kind', { enum: ['district', 'town'] }).notNull(),
	townCode: text('town_code').references(() => towns.code),
	sort: integer('sort').notNull()
});

export const wasteCategories = sqliteTable('waste_categories', {
	code: text('code').primaryKey(),
	zh: text('zh').notNull(),
	en: text('en').notNull(),
	colour: text('colour'),
	sort: integer('sort').notNull()
});
