import { test, expect } from './kit';

test.describe('GET /api/sort/search', () => {
	test('answers the documented shape, best first, at most 20', async ({ request }) => {
		const r = await request.get('/api/sort/search?q=xiangjiaopi');
		expect(r.status()).toBe(200);
		const body = await r.json();
		expect(body.query).toBe('xiangjiaopi');
		expect(body.results.length).toBeGreaterThan(0);
		expect(body.results.length).toBeLessThanOrEqual(20);
		expect(Object.keys(body.results[0]).sort()).toEqual([
			'category',
			'categoryName',
			'id',
			'instructions',
			'name',
			'nameEn',
			'score'
		]);
		expect(body.results[0]).toMatchObject({
			name: '香蕉皮',
			category: 'kitchen',
			categoryName: '厨余垃圾',
			score: 0.95
		});
	});

	test('lang=en changes only the language of categoryName and instructions', async ({ request }) => {
		const zh = await (await request.get('/api/sort/search?q=banana%20peel')).json();
		const en = await (await request.get('/api/sort/search?q=banana%20peel&lang=en')).json();
		expect(en.results.map((x: { id: string }) => x.id)).toEqual(zh.results.map((x: { id: string }) => x.id));
		expect(en.results[0].categoryName).toBe('Kitchen waste');
		expect(en.results[0].instructions).toMatch(/[a-z]/);
		expect(zh.results[0].categoryName).toBe('厨余垃圾');
	});

	test('empty, whitespace, emoji, SQL- and HTML-looking queries are sane; too long is 400', async ({ request }) => {
		for (const q of [
			'',
			'%20%20',
			encodeURIComponent('😀'),
			encodeURIComponent("' OR 1=1; DROP TABLE sorting_items; --"),
			encodeURIComponent('<script>alert(1)</script>')
		]) {
			const r = await request.get(`/api/sort/search?q=${q}`);
			expect(r.status(), q).toBe(200);
			expect(Array.isArray((await r.json()).results)).toBe(true);
		}
		const none = await request.get('/api/sort/search');
		expect(await none.json()).toEqual({ query: '', results: [] });
		const long = await request.get(`/api/sort/search?q=${encodeURIComponent('电'.repeat(101))}`);
		expect(long.status()).toBe(400);
		expect(await long.json()).toEqual({ error: expect.any(String) });
		const longEn = await request.get(`/api/sort/search?lang=en&q=${'a'.repeat(101)}`);
		expect((await longEn.json()).error).toMatch(/at most 100/);
	});

	test('the index is served with an ETag and revalidates with 304', async ({ request }) => {
		const r = await request.get('/api/sort/index');
		const etag = r.headers()['etag'];
		expect(etag).toMatch(/^".+"$/);
		const again = await request.get('/api/sort/index', { headers: { 'if-none-match': etag } });
		expect(again.status()).toBe(304);
	});
});
