import { PHONE, test, expect, origin, type Page } from './kit';

// a phone (Pixel 7) for every test here
test.use(PHONE);

// Issue 19's phone checks, in one pass: Chromium at 360×780 with the machine's real Chinese fonts, in
// Chinese and English, in normal and large-text (大字版) mode. "Public page" is every page listed in
// sitemap.xml. Each combination gets one browser context and visits each page once, measuring with
// one evaluate: no page scrolls sideways, and the page's <h1> starts within the top 300 px.
// The pages are measured as the server renders them, with the browser's JavaScript off: that is
// what a phone on a poor signal shows first and what works without JavaScript, and it spares the
// sweep ~250 hydrations. The pages' scripted parts are measured on a phone in shell.phone.e2e.ts and
// a11y.phone.e2e.ts.
// The ~875 sorting-guide items share one template: the ones with the longest names stand for them.

const SCREEN = { width: 360, height: 780 };
const ITEMS = 8;

async function publicPaths(page: Page): Promise<string[]> {
	const xml = await (await page.request.get('/sitemap.xml')).text();
	const all = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)]
		.map((m) => new URL(m[1]).pathname)
		.filter((p) => p !== '/en' && !p.startsWith('/en/'));
	const items = all.filter((p) => p.startsWith('/sort/item/'));
	const longest = [...items].sort((a, b) => b.length - a.length).slice(0, ITEMS);
	// point pages are not in the sitemap, but the issue found them overflowing in 大字版: the first two listed
	await page.goto('/points');
	const points = await page
		.locator('ol.points > li a')
		.evaluateAll((as) => as.slice(0, 2).map((a) => new URL((a as HTMLAnchorElement).href).pathname));
	expect(points).toHaveLength(2);
	return [...all.filter((p) => !p.startsWith('/sort/item/')), ...longest, ...points];
}

interface Shape {
	overflow: number;
	h1Top: number | null;
	htmlClass: string;
}

async function measure(page: Page): Promise<Shape> {
	return page.evaluate(() => {
		const h1 = document.querySelector('h1');
		return {
			overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
			h1Top: h1 ? h1.getBoundingClientRect().top + window.scrollY : null,
			htmlClass: document.documentElement.className
		};
	});
}

const combos = [
	{ locale: 'zh-CN', prefix: '', mode: '' },
	{ locale: 'en', prefix: '/en', mode: '' },
	{ locale: 'zh-CN', prefix: '', mode: 'text' },
	{ locale: 'en', prefix: '/en', mode: 'text' }
];

for (const c of combos) {
	test(`public pages fit a 360 px phone: ${c.locale}, ${c.mode ? 'large text' : 'normal text'}`, async ({
		browser
	}) => {
		test.setTimeout(300_000);
		const ctx = await browser.newContext({
			baseURL: origin(),
			viewport: SCREEN,
			screen: SCREEN,
			deviceScaleFactor: 2,
			isMobile: true,
			hasTouch: true,
			javaScriptEnabled: false
		});
		if (c.mode) await ctx.addCookies([{ name: 'miyun_display', value: c.mode, url: origin() }]);
		const page = await ctx.newPage();
		const paths = await publicPaths(page);
		expect(paths.length).toBeGreaterThan(50);
		const wide: string[] = [];
		const low: string[] = [];
		for (const p of paths) {
			const url = c.prefix ? (p === '/' ? c.prefix : c.prefix + p) : p;
			const res = await page.goto(url);
			expect(res?.status(), url).toBe(200);
			// measured in one evaluate with the page's class (a locator per page would load Playwright's
			// selector engine into each of the ~370 pages)
			const s = await measure(page);
			if (c.mode) expect(s.htmlClass, url).toMatch(/mode-text/);
			if (s.overflow > 0) wide.push(`${url} +${s.overflow}px`);
			if (s.h1Top === null || s.h1Top > 300) low.push(`${url} h1 at ${s.h1Top}`);
		}
		expect(wide, 'pages that scroll sideways').toEqual([]);
		expect(low, 'pages whose <h1> starts below 300 px').toEqual([]);

		// the finder, as reached from an item page: the first (nearest) point is on the first screen
		await page.goto(`${c.prefix}/points?material=batteries&near=40.3775,116.8430`);
		const first = page.locator('ol.points > li').first();
		await expect(first).toBeVisible();
		const box = (await first.locator('a').first().boundingBox())!;
		expect(box.y + box.height, 'first point within the first screen').toBeLessThanOrEqual(SCREEN.height);
		await ctx.close();
	});
}
