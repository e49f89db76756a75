/**
 * The sorting guide's search, shared by the server (/api/sort/search, /sort?q=) and the browser
 * (results as you type, offline). The index is built on the server (pinyin-pro never ships to the
 * browser); this module only compares strings.
 *
 * Ranking tiers (score 0–1): exact name 1.0 > exact synonym / other English name / full pinyin
 * 0.9–0.95 > initials 0.85 > prefix 0.75–0.8 > substring 0.6–0.7 > homophone 0.55–0.65 >
 * typo (edit distance 1–2) 0.4–0.55 > some words of a longer English name 0.38–0.43. Within a
 * tier the item's main name beats its synonyms; an English head noun beats another word.
 */

/** One item as the index carries it (compact field names keep the download small). */
export interface IndexItem {
	/** slug */
	s: string;
	/** Chinese name, then synonyms */
	z: string[];
	/** English names, display name first */
	e: string[];
	/** pinyin without tones or spaces, one per entry of z */
	p: string[];
	/** pinyin initials, one per entry of z */
	i: string[];
	/** category code */
	c: string;
	/** how often it is looked for, 0–1 (shipped prior, then real daily lookup counts); breaks near-ties */
	w?: number;
	/**
	 * When the answer depends on the variant (batteries, bulbs, expired drinks): each variant's
	 * Chinese and English name and its category (null: no bin, e.g. a liquid down the drain).
	 * Absent for a single answer.
	 */
	v?: { z: string; e: string; c: string | null }[];
}

export interface SearchIndex {
	/** changes whenever the items change (also the ETag) */
	version: string;
	items: IndexItem[];
	/** homophone table: "syllable:chars" joined by "|" — the reading of every common character */
	hom: string;
}

export interface Hit {
	slug: string;
	score: number;
}

export const MAX_QUERY = 100;
export const MAX_RESULTS = 20;
export const POPULARITY_WEIGHT = 0.03;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Trim, NFKC (full-width → half-width), lower-case, collapse spaces, drop most punctuation. */
export function normalise(q: string): string {
	return q
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s-]/gu, ' ')
		.replace(/[\s-]+/g, ' ')
		.trim();
}

/** English plural → singular, enough for "batteries", "boxes", "bottles", "glasses". */
/** Words whose plural means something else ("glasses" are spectacles, not glass). */
const KEEP_PLURAL = new Set([
	'glasses',
	'sunglasses',
	'scissors',
	'clothes',
	'trousers',
	'shorts',
	'pants',
	'jeans',
	'goggles',
	'tongs'
]);

export function singular(word: string): string {
	if (word.length <= 3 || KEEP_PLURAL.has(word)) return word;
	if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
	if (/(ss|x|z|ch|sh|o)es$/.test(word)) return word.slice(0, -2);
	if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
	return word;
}

const englishKey = (s: string) => normalise(s).split(' ').map(singular).join(' ');

const BUF = 130;
let rowA = new Int32Array(BUF);
let rowB = new Int32Array(BUF);
let rowC = new Int32Array(BUF);

/**
 * Edit distance with adjacent transpositions (optimal string alignment: "teh" → "the" is 1),
 * giving up (returns max+1) as soon as the answer must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	if (a === b) return 0;
	if (b.length + 1 > rowA.length) {
		rowA = new Int32Array(b.length + 1);
		rowB = new Int32Array(b.length + 1);
		rowC = new Int32Array(b.length + 1);
	}
	let prev2 = rowC; // row i-2
	let prev = rowA; // row i-1
	let cur = rowB;
	for (let j = 0; j <= b.length; j++) prev[j] = j;
	for (let i = 1; i <= a.length; i++) {
		cur[0] = i;
		let rowMin = i;
		const ca = a.charCodeAt(i - 1);
		for (let j = 1; j <= b.length; j++) {
			const cb = b.charCodeAt(j - 1);
			let v = prev[j - 1] + (ca === cb ? 0 : 1);
			if (prev[j] + 1 < v) v = prev[j] + 1;
			if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < rowMin) rowMin = v;
		}
		if (rowMin > max) return max + 1;
		const t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[b.length];
}

/** Every character of `q` appears in `n`, in order. */
function isSubsequence(q: string, n: string): boolean {
	let i = 0;
	for (const ch of n) if (ch === q[i]) i++;
	return i === q.length;
}

/** A typo's score: 0.55 for one edit, 0.45 for two, a little less when the lengths differ. */
function typoScore(d: number, a: string, b: string): number {
	const base = d === 1 ? 0.55 : 0.45;
	return base - Math.min(0.04, Math.abs(a.length - b.length) * 0.02) + (a[0] === b[0] ? 0.01 : 0);
}

interface Prepared {
	slug: string;
	/** Chinese names (normalised); index 0 is the main name */
	zh: string[];
	py: string[];
	ini: string[];
	/** English keys (normalised, singular); index 0 is the display name */
	en: string[];
	/** the English keys without spaces */
	enCompact: string[];
	/** every word of the English names, for word-level matches */
	enWords: string[];
	/** length of the main name, to prefer short names on ties */
	len: number;
	/** popularity 0–1 */
	w: number;
}

export interface Searcher {
	search(query: string, limit?: number): Hit[];
	/** the nearest items by edit distance when search finds nothing (no threshold) */
	closest(query: string, limit?: number): Hit[];
	version: string;
}

export function createSearcher(index: SearchIndex): Searcher {
	const charPinyin = new Map<string, string>();
	for (const group of index.hom.split('|')) {
		const [syl, chars] = group.split(':');
		if (!chars) continue;
		for (const ch of chars) if (!charPinyin.has(ch)) charPinyin.set(ch, syl);
	}
	const items: Prepared[] = index.items.map((it) => {
		const en = it.e.map(englishKey);
		return {
			slug: it.s,
			zh: it.z.map((z) => normalise(z).replace(/ /g, '')),
			py: it.p,
			ini: it.i,
			en,
			enCompact: en.map((e) => e.replace(/ /g, '')),
			enWords: [...new Set(en.flatMap((e) => e.split(' ')))],
			len: [...it.z[0]].length,
			w: it.w ?? 0
		};
	});

	/** pinyin of a Chinese query through the homophone table; null if a character is unknown */
	function queryPinyin(q: string): string | null {
		let out = '';
		for (const ch of q) {
			if (CJK.test(ch)) {
				const p = charPinyin.get(ch);
				if (!p) return null;
				out += p;
			} else out += ch;
		}
		return out;
	}

	function scoreChinese(it: Prepared, q: string, qpy: string | null, fuzzy: boolean): number {
		let best = 0;
		const qlen = [...q].length;
		for (let k = 0; k < it.zh.length; k++) {
			const n = it.zh[k];
			const main = k === 0;
			let s = 0;
			if (n === q) s = main ? 1 : 0.95;
			else if (main && n.startsWith(q)) s = 0.8 - Math.min(0.05, ([...n].length - qlen) * 0.01);
			// the item's own name containing the query beats another item's synonym starting with it
			else if (main && n.includes(q)) s = 0.72;
			else if (n.startsWith(q)) s = 0.7 - Math.min(0.04, ([...n].length - qlen) * 0.01);
			else if (n.includes(q)) s = 0.64;
			else if (qpy && it.py[k] === qpy) s = 0.65;
			else if (qpy && qlen >= 2 && it.py[k].startsWith(qpy)) s = 0.6;
			else if (qlen >= 2 && [...n].length >= 2 && q.includes(n)) s = 0.58;
			else if (qlen >= 2 && isSubsequence(q, n))
				s = main ? 0.56 : 0.54; // 猪骨 → 猪蹄骨
			else if (fuzzy && qlen >= 3 && editDistance(n, q, 1) <= 1) s = 0.5;
			if (s > best) best = s;
		}
		return best;
	}

	function scoreLatin(it: Prepared, q: string, qe: string, fuzzy: boolean): number {
		let best = 0;
		const compact = q.replace(/ /g, '');
		const qeCompact = qe.replace(/ /g, '');
		// English
		for (let k = 0; k < it.en.length; k++) {
			const n = it.en[k];
			let s = 0;
			if (n === qe) s = k === 0 ? 1 : 0.95;
			else if (it.enCompact[k] === qeCompact)
				s = 0.9; // "powerbank" for "power bank"
			else if (!qe.includes(' ') && n.endsWith(' ' + qe))
				s = k === 0 ? 0.88 : 0.86; // the head noun: "used batteries" for "battery"
			else if (!qe.includes(' ') && n.split(' ').includes(qe))
				s = k === 0 ? 0.84 : 0.82; // a whole word: "drink cans" for "can"
			else if (n.startsWith(qe)) s = 0.8;
			else if (qe.length >= 3 && it.enWords.some((w) => w.startsWith(qe))) s = 0.75;
			else if (qe.length >= 3 && n.includes(qe)) s = 0.7;
			else if (fuzzy && qe.length >= 4) {
				const d = editDistance(n, qe, 2);
				if (d === 1 || (d === 2 && qe.length >= 6)) s = typoScore(d, n, qe);
			}
			if (s > best) best = s;
		}
		if (fuzzy && best < 0.38 && qe.includes(' ')) {
			// several words: how many of them are words of a name ("coffee cup" → "paper cups")
			const words = qe.split(' ');
			const head = words[words.length - 1];
			for (const n of it.en) {
				const nw = n.split(' ');
				const matched = words.filter((w) => nw.includes(w)).length;
				// kept below the typo tier: "bananna peel" must find "banana peel" before other peels
				if (matched)
					best = Math.max(best, 0.38 + (0.03 * matched) / words.length + (nw[nw.length - 1] === head ? 0.02 : 0));
			}
		}
		if (fuzzy && best < 0.5 && qe.length >= 4 && !qe.includes(' ')) {
			// a typo in one word of a longer name ("baterry" → "battery packs")
			for (const w of it.enWords) {
				const d = editDistance(w, qe, 2);
				if (d === 1 || (d === 2 && qe.length >= 6)) best = Math.max(best, typoScore(d, w, qe) - 0.03);
			}
		}
		// pinyin and initials
		if (/^[a-z]+$/.test(compact)) {
			for (let k = 0; k < it.py.length; k++) {
				const py = it.py[k];
				let s = 0;
				if (py === compact) s = k === 0 ? 0.95 : 0.9;
				else if (it.ini[k] === compact && compact.length >= 2) s = k === 0 ? 0.86 : 0.84;
				else if (compact.length >= 2 && py.startsWith(compact)) s = k === 0 ? 0.78 : 0.77;
				else if (compact.length >= 2 && it.ini[k].startsWith(compact)) s = k === 0 ? 0.7 : 0.69;
				else if (fuzzy && compact.length >= 5) {
					const d = editDistance(py, compact, 2);
					if (d === 1 || (d === 2 && compact.length >= 8)) s = typoScore(d, py, compact);
				}
				if (s > best) best = s;
			}
		}
		return best;
	}

	function distanceTo(it: Prepared, q: string, chinese: boolean): number {
		const keys = chinese ? it.zh : [...it.en, ...it.py];
		let best = 1;
		for (const k of keys) {
			const max = Math.max(k.length, q.length);
			const d = editDistance(k, q, max) / max;
			if (d < best) best = d;
		}
		return best;
	}

	return {
		version: index.version,
		closest(query: string, limit = 5): Hit[] {
			const q = normalise(query).replace(/ /g, '');
			if (!q) return [];
			const chinese = CJK.test(q);
			return items
				.map((it) => ({ slug: it.slug, d: distanceTo(it, chinese ? q : q.toLowerCase(), chinese) }))
				.filter((x) => x.d < 0.75)
				.sort((a, b) => a.d - b.d || (a.slug < b.slug ? -1 : 1))
				.slice(0, limit)
				.map((x) => ({ slug: x.slug, score: Math.round((1 - x.d) * 40) / 100 }));
		},
		search(query: string, limit = MAX_RESULTS): Hit[] {
			const q = normalise(query);
			if (!q) return [];
			const chinese = CJK.test(q);
			const qz = q.replace(/ /g, '');
			const qpy = chinese ? queryPinyin(qz) : null;
			const qe = chinese ? '' : englishKey(q);
			const hits: (Hit & { len: number; w: number })[] = [];
			const missed: Prepared[] = [];
			// exact, prefix and substring matches first; typos are looked for only when those
			// leave room in the results (edit distances are the expensive part)
			for (const it of items) {
				const score = chinese ? scoreChinese(it, qz, qpy, false) : scoreLatin(it, q, qe, false);
				if (score > 0) hits.push({ slug: it.slug, score, len: it.len, w: it.w });
				else missed.push(it);
			}
			if (hits.length < limit) {
				for (const it of missed) {
					const score = chinese ? scoreChinese(it, qz, qpy, true) : scoreLatin(it, q, qe, true);
					if (score > 0) hits.push({ slug: it.slug, score, len: it.len, w: it.w });
				}
			}
			// popularity moves an item up within its tier (at most 0.03: an often-sought item's synonym
			// initials, 电池 for "dc", beat a rare item's own initials, 吊床), never across tiers
			const rank = (h: { score: number; w: number }) => h.score + POPULARITY_WEIGHT * h.w;
			hits.sort((a, b) => rank(b) - rank(a) || a.len - b.len || (a.slug < b.slug ? -1 : 1));
			return hits.slice(0, limit).map(({ slug, score }) => ({ slug, score: Math.round(score * 100) / 100 }));
		}
	};
}
