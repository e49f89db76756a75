// Shared pieces of the benchmarks: start the production build on 127.0.0.1 with a fresh database,
// a bare node:http baseline, autocannon runs summarised as medians.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import * as launcher from '../scripts/launch.mjs';
import autocannon from 'autocannon';

/** Builds when the build is stale (scripts/launch.mjs), or always with BENCH_REBUILD=1. */
export function ensureBuild() {
	launcher.ensureBuild({ force: process.env.BENCH_REBUILD === '1' });
}

export async function startApp(port, extraEnv = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-bench-'));
	const s = await launcher.launch({
		env: launcher.serverEnv({ port, dir, test: true, env: { TILE_URL: 'none', ...extraEnv } }),
		echo: true,
		timeoutMs: 30000
	});
	return {
		url: s.origin,
		dir,
		dbPath: path.join(dir, 'miyun.db'),
		pid: s.child.pid,
		stderr: s.stderr,
		startupMs: s.startupMs,
		stop: () => {
			s.child.kill('SIGTERM');
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
