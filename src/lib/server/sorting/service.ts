/**
 * The sorting guide: item lookups, search (through the shared searcher over a cached index),
 * visitor suggestions, and the staff workflow that turns a suggestion into a new item or a synonym
 * of an existing one. Suggestion states: new → added | merged | rejected (audited).
 */
import { eq, asc, desc, inArray, and, ne, sql } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import { getDb } from '../db';
import { sortingItems, sortingSuggestions, sortingLookups, type SuggestionStatus } from './schema';
import { districtDay } from '../../time/zone';
import { wasteCategories } from '../reference/schema';
import { buildIndex, type BuiltIndex } from './search-index';
import { MAX_QUERY, normalise, type Hit } from '../../sorting/search';
import * as audit from '../audit';
import * as rateLimit from '../rate-limit';
import { config } from '../config';
import { now } from '../clock';
import { fieldErrors } from '../forms';
import { newItemForm, suggestionForm, type SuggestionInput } from './forms';

export type Item = typeof sortingItems.$inferSelect;
export type Suggestion = typeof sortingSuggestions.$inferSelect;

// ---------- index cache ----------

let built: BuiltIndex | null = null;
let builtFor: DB | null = null;
let builtDay = '';

/**
 * The current index (built on first use, again after any change to the items, and once a day so
 * the ranking takes in the previous days' lookup counts).
 */
export function index(db: DB = getDb()): BuiltIndex {
	const today = districtDay(now());
	if (!built || builtFor !== db || builtDay !== today) {
		built = buildIndex(db, today);
		builtFor = db;
		builtDay = today;
		resultCache.clear();
	}
	return built;
}

/** Counts one look at an item, per district day; nothing about who looked is kept. */
export function countLookup(db: DB, slug: string): void {
	db.insert(sortingLookups)
		.values({ day: districtDay(now()), slug, n: 1 })
		.onConflictDoUpdate({ target: [sortingLookups.day, sortingLookups.slug], set: { n: sql`${sortingLookups.n} + 1` } })
		.run();
}

function invalidate(): void {
	built = null;
	resultCache.clear();
}

// ---------- search ----------

/** A small cache of recent results (queries repeat a lot: 电池, 塑料袋, battery…). */
const resultCache = new Map<string, Hit[]>();
const CACHE_MAX = 500;

export type SearchOutcome = { ok: true; query: string; hits: Hit[] } | { ok: false; error: 'too_long' };

/** Outcomes: ok with hits (empty for an empty query), or `too_long` over 100 code points. */
export function search(db: DB, raw: string | null | undefined): SearchOutcome {
	const query = (raw ?? '').trim();
	if ([...query].length > MAX_QUERY) return { ok: false, error: 'too_long' };
	const key = normalise(query);
	if (!key) return { ok: true, query, hits: [] };
	const idx = index(db);
	let hits = resultCache.get(key);
	if (!hits) {
		hits = idx.searcher.search(query);
		if (resultCache.size >= CACHE_MAX) resultCache.delete(resultCache.keys().next().value!);
		resultCache.set(key, hits);
	}
	return { ok: true, query, hits };
}

/** Items by slug, in the order given (from the index's in-memory copy). */
export function itemsBySlugs(db: DB, slugs: string[]): Item[] {
	const by = index(db).items;
	return slugs.map((s) => by.get(s)).filter((r): r is Item => !!r);
}

/** The nearest items when a search found nothing. */
export function closest(db: DB, query: string): Item[] {
	return itemsBySlugs(
		db,
		index(db)
			.searcher.closest(query, 5)
			.map((h) => h.slug)
	);
}

let catCache: { db: DB; rows: ReturnType<typeof loadCategories> } | null = null;
function loadCategories(db: Executor) {
	return db.select().from(wasteCategories).orderBy(asc(wasteCategories.sort)).all();
}

/** Every item's slug (the sitemap). */
export function slugs(db: Executor): string[] {
	return db
		.select({ slug: sortingItems.slug })
		.from(sortingItems)
		.all()
		.map((r) => r.slug);
}

export function item(db: Executor, slug: string): Item | undefined {
	if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined;
	return db.select().from(sortingItems).where(eq(sortingItems.slug, slug)).get();
}

export function category(db: Executor, code: string) {
	return db.select().from(wasteCategories).where(eq(wasteCategories.code, code)).get();
}

/** The waste categories (reference data: read once per database). */
export function categories(db: DB) {
	if (!catCache || catCache.db !== db) catCache = { db, rows: loadCategories(db) };
	return catCache.rows;
}

export function itemsInCategory(db: Executor, code: string): Item[] {
	return db.select().from(sortingItems).where(eq(sortingItems.category, code)).orderBy(asc(sortingItems.zh)).all();
}

/** Items sharing the category and a material or a name character — "you may also be holding". */
export function related(db: Executor, it: Item, limit = 6): Item[] {
	const same = db
		.select()
		.from(sortingItems)
		.where(and(eq(sortingItems.category, it.category), ne(sortingItems.slug, it.slug)))
		.all();
	const chars = new Set([...it.zh]);
	const score = (o: Item) =>
		o.materials.filter((m) => it.materials.includes(m)).length * 2 + [...o.zh].filter((c) => chars.has(c)).length;
	return same
		.map((o) => ({ o, s: score(o) }))
		.filter((x) => x.s >= 2) // one shared character (口罩 → 口香糖) is no relation
		.sort((a, b) => b.s - a.s || a.o.slug.localeCompare(b.o.slug))
		.slice(0, limit)
		.map((x) => x.o);
}

/** Random items of the four household bins, for the self-test. */
export function quizItems(db: Executor, n = 10): Item[] {
	const pool = db
		.select()
		.from(sortingItems)
		.where(and(inArray(sortingItems.category, ['kitchen', 'recyclable', 'hazardous', 'other'])))
		.all()
		.filter((i) => !i.condition && i.parts.length === 0);
	for (let i = pool.length - 1; i > 0; i--) {
		const j = Math.floor(Math.random() * (i + 1));
		[pool[i], pool[j]] = [pool[j], pool[i]];
	}
	return pool.slice(0, n);
}

// ---------- suggestions (visitors) ----------

export type SuggestOutcome =
	| { ok: true; id: number }
	| { ok: false; error: 'invalid'; fields: Record<string, string> }
	| { ok: false; error: 'limited' };

/**
 * A visitor suggests an item the guide lacks. Rate-limited per address; audited as anonymous.
 * The route has parsed the form already; the check is repeated for other callers.
 */
export function suggest(db: DB, raw: SuggestionInput, ip: string, locale: string): SuggestOutcome {
	const r = suggestionForm.safeParse(raw);
	if (!r.success) return { ok: false, error: 'invalid', fields: fieldErrors(r.error) };
	if (!rateLimit.hit(db, `suggest:ip:${ip}`, config.limitAnonWrite).ok) return { ok: false, error: 'limited' };
	const v = r.data;
	const id = db.transaction((tx) => {
		const row = tx
			.insert(sortingSuggestions)
			.values({
				name: v.name,
				description: v.description || null,
				contact: v.contact || null,
				locale,
				createdAt: now()
			})
			.returning({ id: sortingSuggestions.id })
			.get();
		audit.record(tx, {
			actor: { type: 'anonymous' },
			action: 'sorting.suggest',
			subject: { type: 'sorting_suggestion', id: String(row.id) },
			to: 'new'
		});
		return row.id;
	});
	return { ok: true, id };
}

export function suggestions(db: Executor, status: SuggestionStatus | 'all' = 'new'): Suggestion[] {
	const q = db.select().from(sortingSuggestions);
	return (status === 'all' ? q : q.where(eq(sortingSuggestions.status, status)))
		.orderBy(desc(sortingSuggestions.id))
		.limit(200)
		.all();
}

export function suggestionById(db: Executor, id: number): Suggestion | undefined {
	return db.select().from(sortingSuggestions).where(eq(sortingSuggestions.id, id)).get();
}

// ---------- staff: add an item, merge as synonym, reject ----------

/** Every Chinese name and synonym, and every English name, already used by an item. */
function takenNames(db: Executor): { zh: Map<string, string>; en: Map<string, string> } {
	const zh = new Map<string, string>();
	const en = new Map<string, string>();
	for (const r of db
		.select({ slug: sortingItems.slug, zh: sortingItems.zh, syn: sortingItems.synonyms, en: sortingItems.en })
		.from(sortingItems)
		.all()) {
		for (const n of [r.zh, ...r.syn]) zh.set(n, r.slug);
		for (const n of r.en) en.set(n.toLowerCase(), r.slug);
	}
	return { zh, en };
}

function slugFrom(db: Executor, en: string): string {
	const base =
		en
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 60) || 'item';
	let slug = base;
	for (let n = 2; item(db, slug); n++) slug = `${base}-${n}`;
	return slug;
}

export type StaffOutcome<T = object> =
	| ({ ok: true } & T)
	| { ok: false; error: 'invalid'; fields: Record<string, string> }
	| { ok: false; error: 'not_found' | 'already_resolved' };

function openSuggestion(db: Executor, id: number): Suggestion | 'not_found' | 'already_resolved' {
	const s = suggestionById(db, id);
	if (!s) return 'not_found';
	if (s.status !== 'new') return 'already_resolved';
	return s;
}

/** Staff add a new item from a suggestion (or from nothing, suggestionId null). Searchable at once. */
export function addItem(
	db: DB,
	actorId: string,
	suggestionId: number | null,
	raw: Record<string, unknown>
): StaffOutcome<{ slug: string }> {
	// the route has parsed the form already; the check is repeated for other callers
	const parsed = newItemForm.safeParse(raw);
	if (!parsed.success) return { ok: false, error: 'invalid', fields: fieldErrors(parsed.error) };
	const v = parsed.data;
	const taken = takenNames(db);
	const fields: Record<string, string> = {};
	for (const n of [v.zh, ...v.synonyms]) if (taken.zh.has(n)) fields[n === v.zh ? 'zh' : 'synonyms'] = 'name_taken';
	for (const n of v.en) if (taken.en.has(n.toLowerCase())) fields.en = 'name_taken';
	if (Object.keys(fields).length) return { ok: false, error: 'invalid', fields };
	if (suggestionId !== null) {
		const s = openSuggestion(db, suggestionId);
		if (typeof s === 'string') return { ok: false, error: s };
	}
	const slug = slugFrom(db, v.en[0]);
	db.transaction((tx) => {
		const row = {
			slug,
			zh: v.zh,
			synonyms: v.synonyms,
			en: v.en,
			category: v.category,
			instructions: { zh: v.instructionsZh, en: v.instructionsEn },
			mistake: null,
			condition: null,
			parts: [],
			materials: v.materials,
			source: 'staff' as const,
			updatedAt: now()
		};
		tx.insert(sortingItems).values(row).run();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'sorting.item_add',
			subject: { type: 'sorting_item', id: slug },
			after: row
		});
		if (suggestionId !== null) resolve(tx, actorId, suggestionId, 'added', slug);
	});
	invalidate();
	return { ok: true, slug };
}

/** An item by slug, Chinese name or synonym, or English name (what staff type to pick one). */
export function findItem(db: DB, ref: string): Item | undefined {
	const r = ref.trim();
	if (!r) return undefined;
	const direct = item(db, r);
	if (direct) return direct;
	const lower = r.toLowerCase();
	for (const it of index(db).items.values()) {
		if (it.zh === r || it.synonyms.includes(r) || it.en.some((e) => e.toLowerCase() === lower)) return it;
	}
	return undefined;
}

/** Staff merge a suggestion into an existing item as a synonym (Chinese or English by its script). */
export function mergeAsSynonym(
	db: DB,
	actorId: string,
	suggestionId: number,
	slug: string,
	nameRaw?: string
): StaffOutcome<{ slug: string }> {
	const s = openSuggestion(db, suggestionId);
	if (typeof s === 'string') return { ok: false, error: s };
	const target = item(db, slug);
	if (!target) return { ok: false, error: 'invalid', fields: { slug: 'choose' } };
	const name = (nameRaw ?? s.name).trim().slice(0, 60);
	if (!name) return { ok: false, error: 'invalid', fields: { name: 'required' } };
	const taken = takenNames(db);
	const chinese = /[\u3400-\u9fff]/.test(name);
	if (chinese ? taken.zh.has(name) : taken.en.has(name.toLowerCase()))
		return { ok: false, error: 'invalid', fields: { name: 'name_taken' } };
	db.transaction((tx) => {
		const set = chinese ? { synonyms: [...target.synonyms, name] } : { en: [...target.en, name] };
		tx.update(sortingItems)
			.set({ ...set, source: 'staff', updatedAt: now() })
			.where(eq(sortingItems.slug, slug))
			.run();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'sorting.synonym_add',
			subject: { type: 'sorting_item', id: slug },
			before: chinese ? { synonyms: target.synonyms } : { en: target.en },
			after: set
		});
		resolve(tx, actorId, suggestionId, 'merged', slug);
	});
	invalidate();
	return { ok: true, slug };
}

export function reject(db: DB, actorId: string, suggestionId: number, note: string): StaffOutcome {
	const s = openSuggestion(db, suggestionId);
	if (typeof s === 'string') return { ok: false, error: s };
	db.transaction((tx) => resolve(tx, actorId, suggestionId, 'rejected', null, note.slice(0, 300) || null));
	return { ok: true };
}

/** The transition table of a suggestion: only `new` moves, to one of the three ends. */
const TRANSITIONS: Record<SuggestionStatus, SuggestionStatus[]> = {
	new: ['added', 'merged', 'rejected'],
	added: [],
	merged: [],
	rejected: []
};

function resolve(
	tx: Parameters<Parameters<DB['transaction']>[0]>[0],
	actorId: string,
	id: number,
	to: SuggestionStatus,
	slug: string | null,
	note: string | null = null
) {
	const cur = tx.select().from(sortingSuggestions).where(eq(sortingSuggestions.id, id)).get();
	if (!cur || !TRANSITIONS[cur.status].includes(to))
		throw new Error(`illegal suggestion transition ${cur?.status} → ${to}`);
	tx.update(sortingSuggestions)
		.set({ status: to, itemSlug: slug, resolvedAt: now(), resolvedBy: actorId })
		.where(eq(sortingSuggestions.id, id))
		.run();
	audit.record(tx, {
		actor: { type: 'user', id: actorId },
		action: `sorting.suggestion_${to}`,
		subject: { type: 'sorting_suggestion', id: String(id) },
		from: cur.status,
		to,
		note
	});
}
