/**
 * The reviewed item files in ./data, validated and loaded idempotently at start: new items are
 * inserted, items still owned by the data files are updated, items staff have edited or added on
 * the site (`source = 'staff'`) are left alone.
 */
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { MATERIAL_KEYS, WASTE_CATEGORIES } from '../reference';
import { sortingItems } from './schema';
import bulky from './data/bulky.json';
import general from './data/general.json';
import hazardous from './data/hazardous.json';
import kitchenExtra from './data/kitchen-extra.json';
import kitchenFood from './data/kitchen-food.json';
import kitchenMore from './data/kitchen-more.json';
import kitchenProduce from './data/kitchen-produce.json';
import misc from './data/misc.json';
import more from './data/more.json';
import otherExtra from './data/other-extra.json';
import otherHousehold from './data/other-household.json';
import other from './data/other.json';
import recyclableElectronics from './data/recyclable-electronics.json';
import recyclableExtra from './data/recyclable-extra.json';
import recyclable from './data/recyclable.json';
import renovation from './data/renovation.json';
import special from './data/special.json';
import tourist from './data/tourist.json';

export const CATEGORY_CODES = WASTE_CATEGORIES.map((c) => c.code) as [string, ...string[]];
const MATERIALS = MATERIAL_KEYS as [string, ...string[]];

const bilingual = z.object({ zh: z.string().trim().min(1), en: z.string().trim().min(1) }).strict();

export const itemSchema = z
	.object({
		slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
		zh: z.string().trim().min(1),
		synonyms: z.array(z.string().trim().min(1)),
		en: z.array(z.string().trim().min(1)).min(1),
		category: z.enum(CATEGORY_CODES),
		instructions: bilingual,
		mistake: bilingual.nullable(),
		condition: bilingual.nullable(),
		parts: z.array(
			z.object({ zh: z.string().min(1), en: z.string().min(1), category: z.enum(CATEGORY_CODES) }).strict()
		),
		materials: z.array(z.enum(MATERIALS)),
		/** the answer depends on the variant: the result line says "depends" and lists these */
		variants: z
			.array(
				z.object({ zh: z.string().min(1), en: z.string().min(1), category: z.enum(CATEGORY_CODES).nullable() }).strict()
			)
			.default([]),
		/** REVIEW.md rates the category uncertain */
		uncertain: z.boolean().default(false)
	})
	.strict();

export type ItemData = z.infer<typeof itemSchema>;

export const DATA_FILES: Record<string, unknown[]> = {
	bulky,
	general,
	hazardous,
	'kitchen-extra': kitchenExtra,
	'kitchen-food': kitchenFood,
	'kitchen-more': kitchenMore,
	'kitchen-produce': kitchenProduce,
	misc,
	more,
	'other-extra': otherExtra,
	'other-household': otherHousehold,
	other,
	'recyclable-electronics': recyclableElectronics,
	'recyclable-extra': recyclableExtra,
	recyclable,
	renovation,
	special,
	tourist
};

/** Every item of every file, validated; throws naming the file and item on the first bad one. */
export function allItems(): ItemData[] {
	const out: ItemData[] = [];
	for (const [file, items] of Object.entries(DATA_FILES)) {
		for (const raw of items) {
			const r = itemSchema.safeParse(raw);
			if (!r.success)
				throw new Error(`sorting data ${file}.json: ${(raw as { slug?: string }).slug}: ${r.error.message}`);
			out.push(r.data);
		}
	}
	return out;
}

type AnyDb = BetterSQLite3Database<Record<string, unknown>>;

export function loadSortingItems(db: AnyDb): void {
	const items = allItems();
	const t = new Date();
	db.transaction((tx) => {
		for (const it of items) {
			tx.insert(sortingItems)
				.values({ ...it, source: 'data', updatedAt: t })
				.onConflictDoUpdate({
					target: sortingItems.slug,
					set: {
						zh: sql`excluded.zh`,
						synonyms: sql`excluded.synonyms`,
						en: sql`excluded.en`,
						category: sql`excluded.category`,
						instructions: sql`excluded.instructions`,
						mistake: sql`excluded.mistake`,
						condition: sql`excluded.condition`,
						parts: sql`excluded.parts`,
						materials: sql`excluded.materials`,
						variants: sql`excluded.variants`,
						uncertain: sql`excluded.uncertain`
					},
					where: sql`${sortingItems.source} = 'data' and (${sortingItems.zh} is not excluded.zh or ${sortingItems.synonyms} is not excluded.synonyms or ${sortingItems.en} is not excluded.en or ${sortingItems.category} is not excluded.category or ${sortingItems.instructions} is not excluded.instructions or ${sortingItems.mistake} is not excluded.mistake or ${sortingItems.condition} is not excluded.condition or ${sortingItems.parts} is not excluded.parts or ${sortingItems.materials} is not excluded.materials or ${sortingItems.variants} is not excluded.variants or ${sortingItems.uncertain} is not excluded.uncertain)`
				})
				.run();
		}
	});
}
