/** Reads of the reference data (towns, departments, categories), shaped for pages. */
import { asc } from 'drizzle-orm';
import type { Executor } from '../db';
import { towns as townsT, departments as deptT, wasteCategories } from './schema';
import { CELL_TYPES } from './vocabulary';

/** Manifest (../feature.ts): codes.json and the holidays into their tables at start-up. */
export { loadReferenceData as seed } from './load';
export * from './vocabulary';

export function towns(db: Executor) {
	return db.select({ code: townsT.code, zh: townsT.zh, en: townsT.en }).from(townsT).orderBy(asc(townsT.sort)).all();
}

export function departments(db: Executor) {
	return db
		.select({ code: deptT.code, zh: deptT.zh, en: deptT.en, kind: deptT.kind })
		.from(deptT)
		.orderBy(asc(deptT.sort))
		.all();
}

export function categories(db: Executor) {
	return db.select().from(wasteCategories).orderBy(asc(wasteCategories.sort)).all();
}

export function cellTypes() {
	return CELL_TYPES.map((c) => ({ code: c.code, zh: c.zh, en: c.en }));
}

/** The name in the visitor's language (one helper for the whole site: $lib/text). */
export { nameIn } from '$lib/text';
