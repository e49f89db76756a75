import { describe, expect, it } from 'vitest';
import { createPageCache, cacheablePath } from '.';

const body = (n: number) => new Uint8Array(new ArrayBuffer(n));

describe('page cache', () => {
	it('serves a stored page until it expires', () => {
		let t = 1000;
		const c = createPageCache({ seconds: 60, now: () => t });
		expect(c.get('/')).toBeUndefined();
		c.set('/', { status: 200, headers: [], body: body(10), generation: c.generation });
		expect(c.get('/')?.body.byteLength).toBe(10);
		t += 60_000;
		expect(c.get('/')).toBeUndefined();
		expect(c.size).toBe(0);
	});

	it('an invalidation empties it, and a render begun before the invalidation is not stored', () => {
		const c = createPageCache({ seconds: 60 });
		c.set('/a', { status: 200, headers: [], body: body(1), generation: c.generation });
		const started = c.generation;
		c.invalidate();
		expect(c.get('/a')).toBeUndefined();
		c.set('/b', { status: 200, headers: [], body: body(1), generation: started });
		expect(c.get('/b')).toBeUndefined();
		c.set('/b', { status: 200, headers: [], body: body(1), generation: c.generation });
		expect(c.get('/b')).toBeDefined();
	});

	it('keeps within its entry and byte budgets, dropping the least recently used', () => {
		const c = createPageCache({ seconds: 60, maxEntries: 3, maxBytes: 1600 });
		for (const k of ['a', 'b', 'c']) c.set(k, { status: 200, headers: [], body: body(10), generation: 0 });
		c.get('a'); // a is now the most recent
		c.set('d', { status: 200, headers: [], body: body(10), generation: 0 });
		expect(c.get('b')).toBeUndefined();
		expect(c.get('a')).toBeDefined();
		c.set('big', { status: 200, headers: [], body: body(90), generation: 0 });
		expect(c.bytes).toBeLessThanOrEqual(1600);
		c.set('huge', { status: 200, headers: [], body: body(200), generation: 0 }); // > budget/16: never stored
		expect(c.get('huge')).toBeUndefined();
	});

	it('is off with a lifetime of 0', () => {
		const c = createPageCache({ seconds: 0 });
		c.set('/', { status: 200, headers: [], body: body(1), generation: 0 });
		expect(c.enabled).toBe(false);
		expect(c.get('/')).toBeUndefined();
	});

	it('caches only the public pages that are the same for every visitor', () => {
		for (const p of [
			'/',
			'/en',
			'/en/',
			'/sort',
			'/en/sort/item/battery',
			'/sort/category/hazardous',
			'/points',
			'/points/12',
			'/indicators',
			'/indicators/52',
			'/en/plan/tasks',
			'/notices/3',
			'/cells',
			'/api/sort/search',
			'/api/points',
			'/api/indicators/44',
			'/sort/__data.json',
			'/en/__data.json'
		])
			expect(cacheablePath(p), p).toBe(true);
		for (const p of [
			'/report',
			'/report/track/ABC',
			'/surveys/s1',
			'/admin/reports',
			'/account',
			'/login',
			'/sort/quiz',
			'/files/1',
			'/api/reports',
			'/cells/apply',
			'/en/report',
			'/about/privacy/request',
			'/feedback'
		])
			expect(cacheablePath(p), p).toBe(false);
	});
});
