/**
 * The public-page cache. Pages that every anonymous visitor sees the same (the guide, points,
 * plan and indicators, notices, the home page, their JSON APIs) are rendered once and then served
 * from memory, instead of once per visitor.
 *
 * What is cached: GET responses with status 200 and no Set-Cookie, for requests that carry no
 * session cookie, on the listed paths. The key is the full URL plus the display-mode cookie (the
 * only other input those pages read; the locale is part of the URL).
 *
 * Invalidation: every successful write through the site (any POST/PUT/PATCH/DELETE answered below
 * 400, which covers every staff change and every public submission) empties the cache, so the next
 * visitor sees the change. Writes from outside the server process (the CLIs, the scheduler's daily
 * jobs) and content that depends on the date are bounded by the entry lifetime, PAGE_CACHE_SECONDS
 * (60 by default; 0 turns the cache off).
 */
export type Entry = {
	status: number;
	headers: [string, string][];
	body: Uint8Array<ArrayBuffer>;
	expires: number;
	generation: number;
};

export type PageCache = ReturnType<typeof createPageCache>;

export function createPageCache(opts: { seconds: number; maxEntries?: number; maxBytes?: number; now?: () => number }) {
	const maxEntries = opts.maxEntries ?? 2000;
	const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
	const clock = opts.now ?? Date.now;
	const entries = new Map<string, Entry>(); // insertion order = least recently used first
	let bytes = 0;
	let generation = 0;
	const stats = { hits: 0, misses: 0, stores: 0, invalidations: 0 };

	function drop(key: string) {
		const e = entries.get(key);
		if (!e) return;
		bytes -= e.body.byteLength;
		entries.delete(key);
	}

	return {
		enabled: opts.seconds > 0,
		stats,
		/** The current generation: a render that started before an invalidation is not stored. */
		get generation() {
			return generation;
		},
		get(key: string): Entry | undefined {
			const e = entries.get(key);
			if (!e || e.expires <= clock()) {
				if (e) drop(key);
				stats.misses++;
				return undefined;
			}
			entries.delete(key);
			entries.set(key, e); // most recently used
			stats.hits++;
			return e;
		},
		set(key: string, e: Omit<Entry, 'expires'>) {
			if (!(opts.seconds > 0) || e.generation !== generation || e.body.byteLength > maxBytes / 16) return;
			drop(key);
			entries.set(key, { ...e, expires: clock() + opts.seconds * 1000 });
			bytes += e.body.byteLength;
			stats.stores++;
			for (const k of entries.keys()) {
				if (entries.size <= maxEntries && bytes <= maxBytes) break;
				drop(k);
			}
		},
		invalidate() {
			generation++;
			entries.clear();
			bytes = 0;
			stats.invalidations++;
		},
		get size() {
			return entries.size;
		},
		get bytes() {
			return bytes;
		}
	};
}

/** Paths (after an optional /en) whose anonymous GET responses are the same for every visitor. */
const CACHEABLE = [
	/^\/$/,
	/^\/sort(\/(category|item)\/[^/]+)?\/?$/,
	/^\/points(\/[^/]+)?\/?$/,
	/^\/(plan|plan\/tasks|indicators|indicators\/[^/]+)\/?$/,
	/^\/notices(\/[^/]+)?\/?$/,
	/^\/cells(\/notices)?\/?$/,
	/^\/about\/(privacy|accessibility)\/?$/,
	/^\/sitemap\/?$/
];
const CACHEABLE_RAW = /^\/api\/(sort\/(search|index)|points|indicators(\/[^/]+)?)\/?$/;

export function cacheablePath(pathname: string): boolean {
	if (CACHEABLE_RAW.test(pathname)) return true;
	let p = pathname.replace(/\/__data\.json$/, '') || '/';
	if (p === '/en' || p.startsWith('/en/')) p = p.slice(3) || '/';
	return CACHEABLE.some((r) => r.test(p));
}
