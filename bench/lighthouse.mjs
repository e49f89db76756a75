// Lighthouse (npm `lighthouse`, mobile defaults: a mid-range phone, simulated slow 4G and 4× CPU
// slow-down) on the pages tourists and residents land on: home, guide, an item, the points list and
// the report form, in Chromium (Debian's when present). Targets (#10): performance ≥ 95,
// accessibility 100. Median of 3 runs per page (Lighthouse's own advice for noisy machines).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureBuild, startApp, report } from './lib.mjs';

ensureBuild();
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const ONLY = process.env.LIGHTHOUSE_ONLY?.split(',');
const ALL = {
	home: '/',
	guide: '/sort',
	item: '/sort/item/rechargeable-batteries',
	points: '/points',
	report: '/report',
	indicators: '/indicators',
	'home (en)': '/en'
};
// LIGHTHOUSE_ONLY=points,indicators measures some of them
const PAGES = ONLY ? Object.fromEntries(Object.entries(ALL).filter(([k]) => ONLY.includes(k))) : ALL;
const chrome = fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : process.env.CHROME_PATH;
const flags =
	'--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';
const app = await startApp(4440);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-lh-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
	for (const [name, p] of Object.entries(PAGES)) {
		const runs = [];
		for (let i = 0; i < RUNS; i++) {
			const file = path.join(out, `${name.replace(/\W+/g, '-')}-${i}.json`);
			const r = spawnSync(
				'npx',
				[
					'lighthouse',
					app.url + p,
					`--chrome-flags=${flags}`,
					'--only-categories=performance,accessibility',
					'--output=json',
					`--output-path=${file}`,
					'--quiet'
				],
				{
					env: { ...process.env, CHROME_PATH: chrome },
					encoding: 'utf8'
				}
			);
			if (r.status !== 0 || !fs.existsSync(file)) throw new Error(`lighthouse failed on ${p}: ${r.stderr}`);
			const lhr = JSON.parse(fs.readFileSync(file, 'utf8'));
			runs.push({
				perf: Math.round(lhr.categories.performance.score * 100),
				a11y: Math.round(lhr.categories.accessibility.score * 100),
				fcp: lhr.audits['first-contentful-paint'].numericValue,
				lcp: lhr.audits['largest-contentful-paint'].numericValue,
				tbt: lhr.audits['total-blocking-time'].numericValue,
				cls: lhr.audits['cumulative-layout-shift'].numericValue,
				failedA11y: Object.values(lhr.audits)
					.filter((a) => a.score === 0 && lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id))
					.map((a) => a.id)
			});
		}
		const row = {
			page: name,
			path: p,
			performance: median(runs.map((r) => r.perf)),
			accessibility: median(runs.map((r) => r.a11y)),
			fcpMs: Math.round(median(runs.map((r) => r.fcp))),
			lcpMs: Math.round(median(runs.map((r) => r.lcp))),
			tbtMs: Math.round(median(runs.map((r) => r.tbt))),
			cls: Math.round(median(runs.map((r) => r.cls)) * 1000) / 1000,
			failedA11yAudits: [...new Set(runs.flatMap((r) => r.failedA11y))].join(' ') || '-'
		};
		row.meetsTarget = row.performance >= 95 && row.accessibility === 100;
		rows.push(row);
		console.log(row);
	}
	report('lighthouse', rows, {
		runsPerPage: RUNS,
		formFactor: 'mobile (Lighthouse defaults, simulated throttling)',
		target: 'performance ≥ 95, accessibility 100'
	});
} finally {
	app.stop();
	fs.rmSync(out, { recursive: true, force: true });
}
