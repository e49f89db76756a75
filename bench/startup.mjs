// Start-up time: from spawning the production server to its first /healthz 200, on
//  - a new database (created, migrated and loaded with reference data: the first start),
//  - the same database again (a restart with no reports),
//  - a database holding 100,000 reports (synthetic: is_demo = 1, "synthetic" in the description,
//    seeded with direct SQL in one transaction after the first start migrated it).
// Median of 3 starts each (a new database for every first start). Writes bench/results/startup.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { ensureBuild, report } from './lib.mjs';

const PORT = Number(process.env.BENCH_STARTUP_PORT ?? 4890);
const REPORTS = 100_000;
const RUNS = 3;

async function timeStart(dir) {
	const started = process.hrtime.bigint();
	const child = spawn(process.execPath, ['build/index.js'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(PORT),
			ORIGIN: `http://127.0.0.1:${PORT}`,
			DATABASE_PATH: path.join(dir, 'miyun.db'),
			FILES_DIR: path.join(dir, 'files'),
			SCHEDULER: 'off',
			TILE_URL: 'none',
			MIYUN_TEST_MODE: ''
		}
	});
	const exited = new Promise((r) => child.once('exit', r));
	try {
		for (;;) {
			if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
			try {
				const r = await fetch(`http://127.0.0.1:${PORT}/healthz`);
				if (r.ok) return Number(process.hrtime.bigint() - started) / 1e6;
			} catch {
				/* not listening yet */
			}
			if (Number(process.hrtime.bigint() - started) > 60e9) throw new Error('no /healthz 200 within 60 s');
			await new Promise((r) => setTimeout(r, 5));
		}
	} finally {
		child.kill('SIGTERM');
		await exited;
	}
}

/** 100,000 reports (with their first timeline event) over three years, across towns and categories. */
function seed(dbPath) {
	const db = new Database(dbPath);
	const towns = db.prepare('select code, lat, lng from towns').all();
	const depts = db
		.prepare('select code from departments')
		.all()
		.map((d) => d.code);
	const categories = ['litter', 'overflow', 'illegal_dumping', 'water_debris', 'construction_dumping', 'other'];
	const statuses = ['pending', 'accepted', 'assigned', 'in_progress', 'resolved', 'resolved', 'resolved', 'rejected'];
	const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
	const code = (i) => {
		let s = '';
		for (let n = i + 31 ** 7; s.length < 8; n = Math.floor(n / 31)) s = ALPHABET[n % 31] + s;
		return s;
	};
	const insert = db.prepare(
		`insert into reports (code, category, description, lat, lng, town_code, zone_code, zone_kind, department_code, status, contact, locale, created_at, accepted_at, resolved_at, due_day, is_demo)
		 values (?, ?, ?, ?, ?, ?, null, 'town', ?, ?, null, 'zh-CN', ?, ?, ?, ?, 1)`
	);
	const event = db.prepare(
		`insert into report_events (report_id, at, from_status, to_status, actor) values (?, ?, null, 'pending', 'visitor')`
	);
	const start = Date.parse('2023-01-01T00:00:00Z');
	const span = 3 * 365 * 86400000;
	const t0 = Date.now();
	db.transaction(() => {
		for (let i = 0; i < REPORTS; i++) {
			const town = towns[i % towns.length];
			const status = statuses[i % statuses.length];
			const created = start + Math.floor((i / REPORTS) * span);
			const accepted = status === 'pending' ? null : created + 3600000;
			const resolved = status === 'resolved' || status === 'rejected' ? created + 3 * 86400000 : null;
			const due = accepted ? new Date(accepted + 7 * 86400000).toISOString().slice(0, 10) : null;
			const lat = town.lat + ((i % 97) - 48) * 0.0002;
			const lng = town.lng + ((i % 89) - 44) * 0.0002;
			const r = insert.run(
				code(i),
				categories[i % categories.length],
				`Synthetic report ${i} (start-up benchmark)`,
				lat,
				lng,
				town.code,
				depts[i % depts.length],
				status,
				created,
				accepted,
				resolved,
				due
			);
			event.run(r.lastInsertRowid, created);
		}
	})();
	const ms = Date.now() - t0;
	db.pragma('wal_checkpoint(TRUNCATE)');
	db.close();
	return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x);

ensureBuild();
const dirs = [];
const tmp = () => {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-startup-'));
	dirs.push(d);
	return d;
};
try {
	const first = [];
	let dir = '';
	for (let i = 0; i < RUNS; i++) first.push(await timeStart((dir = tmp())));
	const restart = [];
	for (let i = 0; i < RUNS; i++) restart.push(await timeStart(dir));
	const seedMs = seed(path.join(dir, 'miyun.db'));
	const dbBytes = fs.statSync(path.join(dir, 'miyun.db')).size;
	const seeded = [];
	for (let i = 0; i < RUNS; i++) seeded.push(await timeStart(dir));
	const count = new Database(path.join(dir, 'miyun.db'), { readonly: true })
		.prepare('select count(*) as n from reports')
		.get().n;
	if (count !== REPORTS) throw new Error(`expected ${REPORTS} reports after the starts, found ${count}`);
	const row = (name, xs) => ({
		name,
		medianMs: round(median(xs)),
		minMs: round(Math.min(...xs)),
		maxMs: round(Math.max(...xs))
	});
	report(
		'startup',
		[
			row('first start: new database (create, migrate, load reference data)', first),
			row('restart: empty database', restart),
			row(`restart: ${REPORTS.toLocaleString('en')} reports`, seeded)
		],
		{
			runs: RUNS,
			reports: REPORTS,
			seedMs,
			databaseBytes: dbBytes,
			loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
			measured: 'spawn of node build/index.js → first /healthz 200 (polled every 5 ms)'
		}
	);
} finally {
	for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}
