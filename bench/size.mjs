// JS size per public page: every public page opened in Chromium (Debian's when present) as a
// visitor on a phone would; the JavaScript it actually downloads, gzipped here at level 9 (what a
// server or CDN would send). The map's chunk loads only when a visitor asks for the map, so it is
// outside the budget (#10: ≤ 60 KB gzipped per public page, except the lazy map chunk).
import fs from 'node:fs';
import zlib from 'node:zlib';
import { chromium, devices } from '@playwright/test';
import { ensureBuild, startApp, report } from './lib.mjs';

ensureBuild();
const BUDGET = 60 * 1024;
const PAGES = [
	'/',
	'/sort',
	'/sort/item/rechargeable-batteries',
	'/sort/category/hazardous',
	'/sort/quiz',
	'/points',
	'/report',
	'/plan',
	'/plan/tasks',
	'/indicators',
	'/indicators/44',
	'/indicators/perception',
	'/notices',
	'/cells',
	'/cells/notices',
	'/surveys',
	'/about/privacy',
	'/about/privacy/request',
	'/about/accessibility',
	'/feedback',
	'/sitemap',
	'/login',
	'/register',
	'/en',
	'/en/sort',
	'/en/report',
	'/en/points'
];
const app = await startApp(4430);
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
		largestGzipKB: Math.max(...rows.map((r) => r.gzipKB)),
		pagesOverBudget: over.map((r) => r.page)
	});
	if (over.length) process.exitCode = 1;
} finally {
	await browser.close();
	app.stop();
}
