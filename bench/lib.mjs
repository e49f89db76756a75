// Shared pieces of the benchmarks: start the production build on 127.0.0.1 with a fresh database,
// a bare node:http baseline, autocannon runs summarised as medians.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import autocannon from 'autocannon';

export function ensureBuild() {
	if (!fs.existsSync('build/index.js') || process.env.BENCH_REBUILD === '1') {
		const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
		if (r.status !== 0) process.exit(1);
	}
}

export async function startApp(port, extraEnv = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-bench-'));
	const child = spawn(process.execPath, ['build/index.js'], {
		stdio: ['ignore', 'ignore', 'pipe'],
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${port}`,
			DATABASE_PATH: path.join(dir, 'miyun.db'),
			FILES_DIR: path.join(dir, 'files'),
			MIYUN_TEST_MODE: '1',
			SCHEDULER: 'off',
			TILE_URL: 'none',
			BODY_SIZE_LIMIT: '40M',
			...extraEnv
		}
	});
	let stderr = '';
	child.stderr.on('data', (d) => {
		stderr += d;
		process.stderr.write(d);
	});
	const started = Date.now();
	for (;;) {
		try {
			const r = await fetch(`http://127.0.0.1:${port}/healthz`);
			if (r.ok) break;
		} catch {
			/* not yet */
		}
		if (Date.now() - started > 30000) throw new Error('app did not start');
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url: `http://127.0.0.1:${port}`,
		dir,
		dbPath: path.join(dir, 'miyun.db'),
		pid: child.pid,
		stderr: () => stderr,
		startupMs: Date.now() - started,
		stop: () => {
			child.kill('SIGTERM');
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** The machine's ceiling: a bare node:http server answering `body` with no framework. */
export function startBare(port, body, type = 'application/json') {
	const buf = Buffer.from(body);
	const server = http.createServer((req, res) => {
		res.writeHead(200, { 'content-type': type, 'content-length': buf.length });
		res.end(buf);
	});
	return new Promise((resolve) =>
		server.listen(port, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${port}`, stop: () => server.close() }))
	);
}

export function run(opts) {
	return new Promise((resolve, reject) => {
		autocannon({ connections: 50, duration: Number(process.env.BENCH_SECONDS ?? 10), ...opts }, (err, result) =>
			err ? reject(err) : resolve(result)
		);
	});
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `opts` `times` times; returns the median req/s and p99 and the non-2xx/error counts. */
export async function measure(name, opts, times = Number(process.env.BENCH_TIMES ?? 3)) {
	const rs = [];
	for (let i = 0; i < times; i++) rs.push(await run(opts));
	return {
		name,
		reqPerSec: Math.round(median(rs.map((r) => r.requests.average))),
		p50ms: median(rs.map((r) => r.latency.p50)),
		p99ms: median(rs.map((r) => r.latency.p99)),
		non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
		errors: rs.reduce((s, r) => s + r.errors, 0),
		bytesPerReq: Math.round(median(rs.map((r) => r.throughput.average / Math.max(1, r.requests.average))))
	};
}

export function report(title, rows, extra = {}) {
	console.log(`\n${title}`);
	console.table(rows);
	fs.mkdirSync('bench/results', { recursive: true });
	const file = `bench/results/${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`;
	fs.writeFileSync(
		file,
		JSON.stringify(
			{ title, at: new Date().toISOString(), cpus: os.cpus().length, node: process.version, rows, ...extra },
			null,
			2
		)
	);
	console.log(`written ${file}`);
}
