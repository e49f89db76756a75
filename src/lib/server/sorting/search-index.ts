/**
 * Builds the search index from the items in the database: pinyin and initials of every Chinese
 * name (pinyin-pro, with word context), and the homophone table (the reading of every GB2312
 * level-1 character plus every character in the names) that lets the browser match a query typed
 * with a wrong character of the same sound. Built once, rebuilt when staff change items.
 */
import { createHash } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import type { Executor } from '../db';
import { sortingItems, sortingLookups } from './schema';
import prior from './popularity.json';
import { asc, gte, sql } from 'drizzle-orm';
import { addDays } from '../../time/zone';

/** Days of lookup counts that feed the ranking. */
export const LOOKUP_WINDOW_DAYS = 90;

/**
 * Popularity 0–1 per item: the shipped prior, and once people use the guide, the share of real
 * lookups in the last 90 days (counts per day and item only) — each half when both exist.
 */
export function popularity(db: Executor, today: string): Map<string, number> {
	const counts = db
		.select({ slug: sortingLookups.slug, n: sql<number>`sum(${sortingLookups.n})` })
		.from(sortingLookups)
		.where(gte(sortingLookups.day, addDays(today, -LOOKUP_WINDOW_DAYS)))
		.groupBy(sortingLookups.slug)
		.all();
	const max = Math.max(0, ...counts.map((c) => c.n));
	const p = prior as Record<string, number | string>;
	const out = new Map<string, number>();
	for (const [slug, v] of Object.entries(p)) if (typeof v === 'number') out.set(slug, v);
	if (max > 0) {
		for (const slug of new Set([...out.keys(), ...counts.map((c) => c.slug)])) {
			const n = counts.find((c) => c.slug === slug)?.n ?? 0;
			out.set(slug, 0.5 * (out.get(slug) ?? 0) + 0.5 * (n / max));
		}
	}
	return out;
}
import { createSearcher, type SearchIndex, type Searcher, type IndexItem } from '../../sorting/search';

const CJK = /[\u3400-\u9fff]/;

function pinyinKeys(name: string): { py: string; ini: string } {
	const syl = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }) as string[];
	const parts = syl.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
	return { py: parts.join(''), ini: parts.map((p) => (/^[a-z]/.test(p) ? p[0] : p)).join('') };
}

let commonChars: string | null = null;
/** GB2312 level-1 characters (the 3,755 most common), decoded from their byte range. */
function level1(): string {
	if (commonChars) return commonChars;
	const dec = new TextDecoder('gb2312');
	let out = '';
	for (let hi = 0xb0; hi <= 0xd7; hi++) {
		const bytes: number[] = [];
		for (let lo = 0xa1; lo <= 0xfe; lo++) if (!(hi === 0xd7 && lo > 0xf9)) bytes.push(hi, lo);
		out += dec.decode(new Uint8Array(bytes));
	}
	commonChars = out.replace(/\uFFFD/g, '');
	return commonChars;
}

function homophoneTable(extra: string[]): string {
	const chars = new Set(level1());
	for (const s of extra) for (const ch of s) if (CJK.test(ch)) chars.add(ch);
	const bySyllable = new Map<string, string>();
	for (const ch of chars) {
		const syl = (pinyin(ch, { toneType: 'none', v: true }) as string).toLowerCase();
		if (!/^[a-z]+$/.test(syl)) continue;
		bySyllable.set(syl, (bySyllable.get(syl) ?? '') + ch);
	}
	return [...bySyllable].map(([s, c]) => `${s}:${c}`).join('|');
}

export interface BuiltIndex {
	/** the items the index was built from, by slug (served from memory on the hot path) */
	items: Map<string, typeof sortingItems.$inferSelect>;
	index: SearchIndex;
	json: string;
	etag: string;
	searcher: Searcher;
}

export function buildIndex(db: Executor, today = '2000-01-01'): BuiltIndex {
	const rows = db.select().from(sortingItems).orderBy(asc(sortingItems.slug)).all();
	const pop = popularity(db, today);
	const items: IndexItem[] = rows.map((r) => {
		const names = [r.zh, ...r.synonyms];
		const keys = names.map(pinyinKeys);
		const w = Math.round((pop.get(r.slug) ?? 0) * 100) / 100;
		return {
			s: r.slug,
			z: names,
			e: r.en,
			p: keys.map((k) => k.py),
			i: keys.map((k) => k.ini),
			c: r.category,
			...(w ? { w } : {}),
			...(r.variants.length ? { v: r.variants.map((x) => ({ z: x.zh, e: x.en, c: x.category })) } : {})
		};
	});
	const hom = homophoneTable(rows.flatMap((r) => [r.zh, ...r.synonyms]));
	const version = createHash('sha256').update(JSON.stringify(items)).update(hom).digest('base64url').slice(0, 16);
	const index: SearchIndex = { version, items, hom };
	return {
		items: new Map(rows.map((r) => [r.slug, r])),
		index,
		json: JSON.stringify(index),
		etag: `"${version}"`,
		searcher: createSearcher(index)
	};
}
