// In-browser search benchmark: the guide's index as the page downloads it, searched by the same
// module the page uses, in Chromium (Debian's when present), without and with 4x CPU throttling
// (DevTools protocol). Targets: < 5 ms per query, < 16 ms throttled.
import fs from 'node:fs';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { ensureBuild, startApp, report } from './lib.mjs';
import { sortQueries } from './queries.mjs';

ensureBuild();
const bundle = await build({
	entryPoints: ['src/lib/sorting/search.ts'],
	bundle: true,
	format: 'iife',
	globalName: 'MiyunSearch',
	write: false,
	target: 'es2022'
});
const code = bundle.outputFiles[0].text + ';globalThis.MiyunSearch = MiyunSearch;';
const app = await startApp(4402);
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
const queries = sortQueries(40);
try {
	const page = await browser.newPage();
	await page.goto(`${app.url}/sort`);
	await page.evaluate(code);
	const cdp = await page.context().newCDPSession(page);
	const rows = [];
	for (const rate of [1, 4]) {
		await cdp.send('Emulation.setCPUThrottlingRate', { rate });
		const r = await page.evaluate(async (qs) => {
			const index = await (await fetch('/api/sort/index')).json();
			const t0 = performance.now();
			const s = globalThis.MiyunSearch.createSearcher(index);
			const prepareMs = performance.now() - t0;
			for (const q of qs) s.search(q); // warm up
			const times = [];
			for (let round = 0; round < 5; round++)
				for (const q of qs) {
					const t = performance.now();
					s.search(q);
					times.push(performance.now() - t);
				}
			times.sort((a, b) => a - b);
			const pct = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
			return {
				prepareMs,
				n: times.length,
				mean: times.reduce((a, b) => a + b, 0) / times.length,
				p50: pct(0.5),
				p95: pct(0.95),
				max: times.at(-1)
			};
		}, queries);
		const round = (x) => Math.round(x * 100) / 100;
		rows.push({
			cpu: rate === 1 ? 'desktop' : '4x throttled',
			queries: r.n,
			meanMs: round(r.mean),
			p50Ms: round(r.p50),
			p95Ms: round(r.p95),
			maxMs: round(r.max),
			buildSearcherMs: round(r.prepareMs)
		});
	}
	const idx = await (await fetch(`${app.url}/api/sort/index`, { headers: { 'accept-encoding': 'gzip' } })).text();
	report('sort-search-browser', rows, {
		indexBytes: idx.length,
		target: 'mean < 5 ms desktop, < 16 ms at 4x throttling'
	});
} finally {
	await browser.close();
	app.stop();
}
