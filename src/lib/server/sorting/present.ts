/** Shapes items for pages and the API, in the visitor's language. */
import type { Item } from './service';
import type { wasteCategories } from '../reference/schema';
import { nameIn } from '$lib/text';

type Category = typeof wasteCategories.$inferSelect;

export function categoryName(cats: Category[], code: string, locale: string): string {
	const c = cats.find((x) => x.code === code);
	return c ? nameIn(c, locale) : code;
}

export function summary(it: Item, cats: Category[], locale: string) {
	return {
		slug: it.slug,
		name: it.zh,
		nameEn: it.en[0],
		category: it.category,
		categoryName: categoryName(cats, it.category, locale),
		instructions: nameIn(it.instructions, locale),
		...variantsOf(it, cats, locale)
	};
}

/** The variants an answer depends on (empty for a single answer) and whether it is uncertain. */
export function variantsOf(it: Item, cats: Category[], locale: string) {
	return {
		variants: it.variants.map((v) => ({
			name: nameIn(v, locale),
			category: v.category,
			categoryName: v.category ? categoryName(cats, v.category, locale) : ''
		})),
		uncertain: it.uncertain
	};
}
