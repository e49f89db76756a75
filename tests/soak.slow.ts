// Soak: SOAK_SECONDS (600 in `npm run test:slow`, 180 when run alone) of mixed traffic — searches,
// pages, the points API, report posts with photos, survey answers — against a private server,
// sampling its resident memory (VmRSS) every few seconds. After the warm-up (the first 20% of the
// run, at least 60 s: caches fill, code is compiled), memory may not keep growing: the peak RSS of the last quarter must stay within 10%
// of the peak of the first quarter after the warm-up. Peaks, not single samples: garbage
// collection makes RSS a saw-tooth of ±25%, and a leak shows as rising peaks. Every answer must be
// the expected one (no 5xx, no refusal) and every acknowledged report and survey answer stored.
// The server runs with its V8 heap capped (SOAK_SERVER_NODE_OPTIONS, default
// --max-old-space-size=128; set it empty for none): uncapped, V8 collects lazily and RSS climbs for
// minutes towards ~380 MB before it levels (measured in a 600 s run), which says nothing about
// leaks; capped, garbage is collected early, RSS reflects what is really kept (~190 MB), and a leak
// shows as growth up to the cap and then a dead server.
import { test, expect } from './kit';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from './harness';
import { jpeg, postReport } from './system';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const WARM_UP_S = Math.max(60, SECONDS * 0.2);
const EVERY_MS = Math.max(2000, (SECONDS * 1000) / 120);
const WORKERS = 3;
const env: Record<string, string> = { RATE_LIMIT_REPORT_HOUR: '100000/3600', RATE_LIMIT_REPORT_DAY: '100000/86400' };
const nodeOptions = process.env.SOAK_SERVER_NODE_OPTIONS ?? '--max-old-space-size=128';
if (nodeOptions) env.NODE_OPTIONS = nodeOptions;

const QUERIES = [
	'电池',
	'dianchi',
	'dc',
	'battery',
	'batery',
	'塑料瓶',
	'suliaoping',
	'plastic bottle',
	'剩饭',
	'shengfan',
	'纸箱',
	'cardboard',
	'灯管',
	'paint',
	'旧衣服',
	'yifu'
];
const PAGES = [
	'/',
	'/sort',
	'/en/sort',
	'/points',
	'/reports',
	'/plan',
	'/indicators',
	'/surveys',
	'/notices',
	'/cells',
	'/en/points'
];

function rssKb(pid: number): number {
	const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) : NaN;
}

async function answerSurvey(origin: string): Promise<boolean> {
	const headers = { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
	const start = await fetch(`${origin}/surveys/system-test?/start`, {
		method: 'POST',
		headers,
		body: 'consent=yes',
		redirect: 'manual'
	});
	await start.arrayBuffer();
	const cookie = start.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	if (start.status !== 303 || !cookie.includes('survey_system-test=')) return false;
	const page = await fetch(`${origin}/surveys/system-test?/page`, {
		method: 'POST',
		headers: { ...headers, cookie },
		body: 'sorts=yes&dir=next',
		redirect: 'manual'
	});
	await page.arrayBuffer();
	return page.status === 303;
}

test('memory stays flat under mixed traffic', async () => {
	test.setTimeout((SECONDS + 120) * 1000);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-soak-'));
	const seeded = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/fixtures/open-survey.ts'], {
		env: { ...process.env, DATABASE_PATH: path.join(dir, 'miyun.db'), FILES_DIR: path.join(dir, 'files') },
		encoding: 'utf8'
	});
	expect(seeded.status, seeded.stderr).toBe(0);
	const server = await startServer({ env, dir });
	const counts = { search: 0, page: 0, points: 0, report: 0, survey: 0 };
	const unexpected: string[] = [];
	const samples: { s: number; rssMb: number }[] = [];
	const t0 = Date.now();
	const deadline = t0 + SECONDS * 1000;
	try {
		const sampler = setInterval(
			() =>
				samples.push({
					s: Math.round((Date.now() - t0) / 1000),
					rssMb: Math.round(rssKb(server.child.pid!) / 102.4) / 10
				}),
			EVERY_MS
		);
		const photos = await Promise.all(Array.from({ length: 8 }, () => jpeg()));
		const worker = async (w: number) => {
			for (let i = 0; Date.now() < deadline; i++) {
				const roll = (i * 7 + w * 13) % 20;
				const get = async (p: string, kind: keyof typeof counts) => {
					const r = await fetch(server.origin + p);
					await r.arrayBuffer();
					if (r.status !== 200) unexpected.push(`${r.status} GET ${p}`);
					counts[kind]++;
				};
				if (roll < 8)
					await get(
						`/api/sort/search?q=${encodeURIComponent(QUERIES[(i + w) % QUERIES.length])}${i % 3 ? '' : '&lang=en'}`,
						'search'
					);
				else if (roll < 14) await get(PAGES[(i + w) % PAGES.length], 'page');
				else if (roll < 16) await get(i % 2 ? '/api/points' : '/api/points?type=recyclables', 'points');
				else if (roll < 18) {
					const r = await postReport(server.origin, photos[i % photos.length], i);
					if (!r.code) unexpected.push(`${r.status} POST /report`);
					counts.report++;
				} else {
					if (!(await answerSurvey(server.origin))) unexpected.push('survey answer refused');
					counts.survey++;
				}
			}
		};
		await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
		clearInterval(sampler);
	} finally {
		await server.stop();
	}
	const db = new Database(server.dbPath, { readonly: true });
	const stored = {
		reports: (db.prepare('select count(*) as n from reports').get() as { n: number }).n,
		surveyAnswers: (
			db.prepare("select count(*) as n from survey_responses where status = 'complete'").get() as { n: number }
		).n
	};
	db.close();
	fs.rmSync(dir, { recursive: true, force: true });

	const after = samples.filter((x) => x.s >= WARM_UP_S);
	const quarter = Math.max(1, Math.floor(after.length / 4));
	const baseline = Math.max(...after.slice(0, quarter).map((x) => x.rssMb));
	const final = Math.max(...after.slice(-quarter).map((x) => x.rssMb));
	const growth = (final - baseline) / baseline;
	console.log(
		`soak: ${SECONDS} s, ${WORKERS} clients, server NODE_OPTIONS '${nodeOptions}', requests ${JSON.stringify(counts)}, stored ${JSON.stringify(stored)}`
	);
	console.log(`soak: RSS samples (s → MB): ${samples.map((x) => `${x.s}:${x.rssMb}`).join(' ')}`);
	console.log(
		`soak: RSS peak in the first quarter after the ${WARM_UP_S} s warm-up ${baseline} MB → in the last quarter ${final} MB (${(growth * 100).toFixed(1)}%); overall peak ${Math.max(...samples.map((x) => x.rssMb))} MB`
	);
	expect(unexpected.slice(0, 10)).toEqual([]);
	expect(stored.reports).toBe(counts.report);
	expect(stored.surveyAnswers).toBe(counts.survey);
	expect(after.length, 'samples after the warm-up (run longer than the warm-up)').toBeGreaterThanOrEqual(8);
	expect(growth, 'RSS growth after warm-up').toBeLessThan(0.1);
});
