import { sqliteTable, text, real, integer, index } from 'drizzle-orm/sqlite-core';
import { towns } from '../reference/schema';
import type { Bilingual } from '../sorting/schema';

/** Drop-off and collection points. Coordinates are WGS-84 (converted on import from GCJ-02/BD-09). */
export const points = sqliteTable(
	'points',
	{
		id: text('id').primaryKey(),
		nameZh: text('name_zh').notNull(),
		nameEn: text('name_en').notNull(),
		type: text('type').notNull(),
		materials: text('materials', { mode: 'json' }).$type<string[]>().notNull(),
		addressZh: text('address_zh').notNull(),
		addressEn: text('address_en').notNull(),
		townCode: text('town_code')
			.notNull()
			.references(() => towns.code),
		lat: real('lat').notNull(),
		lng: real('lng').notNull(),
		/** OSM opening_hours syntax; null when unknown */
		openingHours: text('opening_hours'),
		operatorZh: text('operator_zh'),
		operatorEn: text('operator_en'),
		phone: text('phone'),
		notes: text('notes', { mode: 'json' }).$type<Bilingual | null>(),
		/** sample data until the district supplies its list; shown as such on every page */
		isSample: integer('is_sample', { mode: 'boolean' }).notNull(),
		hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
		/** `data`: from the repo's file (reloaded at start); `staff`: created or edited on the site */
		source: text('source', { enum: ['data', 'staff'] }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('points_town_idx').on(t.townCode), index('points_type_idx').on(t.type)]
);
