// JS size per public page: every page listed in sitemap.xml (issue 19's definition of a public
// page, both languages) opened in Chromium (Debian's when present) as a visitor on a phone would,
// against the production build; the JavaScript it actually downloads, gzipped here at level 9
// (what a server or CDN would send). Pages of one route share their JavaScript, so of the many
// sorting items, indicators and notices two per language are opened (SIZE_ALL=1: every one). The
// map's chunk loads only when a visitor asks for the map, so it is outside the budget (#10, #19:
// ≤ 60 KB gzipped per public page, except the lazy map chunk). Prints a table; exits 1 when a page
// is over budget.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { chromium, devices } from '@playwright/test';
import { ensureBuild, startApp, report } from './lib.mjs';
import { freePort } from '../scripts/launch.mjs';

ensureBuild();
const BUDGET = 60 * 1024;
// pages the sitemap may not list (the quiz, forms' entry points); measured as well
const EXTRA = ['/sort/quiz', '/login', '/register'];
const app = await startApp(await freePort());
const xml = await (await fetch(`${app.url}/sitemap.xml`)).text();
const listed = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
	const u = new URL(m[1].replace(/&amp;/g, '&'));
	return u.pathname + u.search;
});
if (!listed.length) throw new Error('sitemap.xml lists no page');
/** `/en/sort/item/x` → `/en/sort/item/*`: the route a page belongs to, for sampling. */
const routeOf = (p) => p.replace(/^(\/en)?\/(sort\/item|indicators|notices)\/[^/]+$/, '$1/$2/*');
const seen = new Map();
const PAGES = [...new Set([...listed, ...EXTRA])].filter((p) => {
	if (process.env.SIZE_ALL === '1') return true;
	const r = routeOf(p);
	const n = (seen.get(r) ?? 0) + 1;
	seen.set(r, n);
	return r === p || n <= 2;
});
const exe = fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({
	executablePath: exe,
	args: exe
		? [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		: []
});
const rows = [];
try {
	const ctx = await browser.newContext({ ...devices['Pixel 7'] });
	for (const p of PAGES) {
		const page = await ctx.newPage();
		const js = new Map();
		page.on('response', async (r) => {
			if (
				/\.m?js(\?|$)/.test(new URL(r.url()).pathname) ||
				(r.headers()['content-type'] ?? '').includes('javascript')
			) {
				try {
					js.set(r.url(), await r.body());
				} catch {
					/* navigated away */
				}
			}
		});
		const res = await page.goto(app.url + p, { waitUntil: 'networkidle' });
		await page.waitForTimeout(200);
		const bodies = [...js.values()];
		const raw = bodies.reduce((s, b) => s + b.length, 0);
		const gz = bodies.reduce((s, b) => s + zlib.gzipSync(b, { level: 9 }).length, 0);
		if (res?.status() !== 200) throw new Error(`${p} answered ${res?.status()}`);
		rows.push({
			page: p,
			files: bodies.length,
			rawKB: Math.round(raw / 102.4) / 10,
			gzipKB: Math.round(gz / 102.4) / 10,
			withinBudget: gz <= BUDGET
		});
		await page.close();
	}
	const over = rows.filter((r) => !r.withinBudget);
	report('size', rows, {
		budgetKB: 60,
		pagesInSitemap: listed.length,
		pagesMeasured: rows.length,
		largestGzipKB: Math.max(...rows.map((r) => r.gzipKB)),
		pagesOverBudget: over.map((r) => r.page)
	});
	if (over.length) process.exitCode = 1;
} finally {
	await browser.close();
	app.stop();
}
