import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';

export interface Part {
	zh: string;
	en: string;
	category: string;
}
export interface Bilingual {
	zh: string;
	en: string;
}
/** A variant the answer depends on (普通干电池 → other, 充电电池 → hazardous); null: no bin (down the drain). */
export interface Variant {
	zh: string;
	en: string;
	category: string | null;
}

/** The guide's items: loaded from the reviewed data files (source `data`), added by staff (`staff`). */
export const sortingItems = sqliteTable(
	'sorting_items',
	{
		slug: text('slug').primaryKey(),
		zh: text('zh').notNull(),
		synonyms: text('synonyms', { mode: 'json' }).$type<string[]>().notNull(),
		en: text('en', { mode: 'json' }).$type<string[]>().notNull(),
		category: text('category').notNull(),
		instructions: text('instructions', { mode: 'json' }).$type<Bilingual>().notNull(),
		mistake: text('mistake', { mode: 'json' }).$type<Bilingual | null>(),
		condition: text('condition', { mode: 'json' }).$type<Bilingual | null>(),
		parts: text('parts', { mode: 'json' }).$type<Part[]>().notNull(),
		materials: text('materials', { mode: 'json' }).$type<string[]>().notNull(),
		/** when the answer depends on the variant: the result says "depends" and lists these */
		variants: text('variants', { mode: 'json' }).$type<Variant[]>().notNull().default([]),
		/** the category is not settled (REVIEW.md rates it uncertain): shown with the answer */
		uncertain: integer('uncertain', { mode: 'boolean' }).notNull().default(false),
		/** `data`: from the repo's files (reloaded at start); `staff`: edited or added on the site (kept) */
		source: text('source', { enum: ['data', 'staff'] }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('sorting_items_category_idx').on(t.category)]
);

export const SUGGESTION_STATUSES = ['new', 'added', 'merged', 'rejected'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** "Suggest this item" from visitors who found nothing; worked by staff at /admin/sorting. */
export const sortingSuggestions = sqliteTable(
	'sorting_suggestions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		name: text('name').notNull(),
		description: text('description'),
		/** optional, personal data: shown to staff only */
		contact: text('contact'),
		locale: text('locale').notNull(),
		status: text('status', { enum: SUGGESTION_STATUSES }).notNull().default('new'),
		itemSlug: text('item_slug').references(() => sortingItems.slug),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
		resolvedBy: text('resolved_by')
	},
	(t) => [index('sorting_suggestions_status_idx').on(t.status)]
);

/**
 * How often items are looked up, counted per district day and item only: no address, session or
 * query text, so nothing personal is kept. Feeds the search ranking with the shipped prior.
 */
export const sortingLookups = sqliteTable(
	'sorting_lookups',
	{
		day: text('day').notNull(),
		slug: text('slug').notNull(),
		n: integer('n').notNull()
	},
	(t) => [primaryKey({ columns: [t.day, t.slug] })]
);
