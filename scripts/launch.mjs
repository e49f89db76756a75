/**
 * The one way to launch the production server, used by `npm start` (scripts/start.mjs), the
 * Playwright worker servers (tests/kit.ts), the system tests' private servers (tests/harness.ts)
 * and the benchmarks (bench/lib.mjs): build when stale, build the environment, spawn
 * `build/index.js`, wait for /healthz.
 */
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';

const SOURCES = ['src', 'messages', 'static'];
const CONFIGS = [
	'package.json',
	'package-lock.json',
	'svelte.config.js',
	'vite.config.ts',
	'project.inlang/settings.json'
];

function newest(p) {
	if (!fs.existsSync(p)) return 0;
	const st = fs.statSync(p);
	if (!st.isDirectory()) return st.mtimeMs;
	let t = 0;
	for (const e of fs.readdirSync(p, { withFileTypes: true })) {
		// the generated paraglide output is rewritten by every build: not a source
		if (e.name === 'paraglide') continue;
		t = Math.max(t, newest(path.join(p, e.name)));
	}
	return t;
}

/** true when build/index.js is missing or older than any source, message, static file or config. */
export function buildIsStale() {
	const built = fs.existsSync('build/index.js') ? fs.statSync('build/index.js').mtimeMs : 0;
	return built < Math.max(...SOURCES.map(newest), ...CONFIGS.map(newest));
}

/** Builds (vite build) when the build is stale; exits the process when the build fails. */
export function ensureBuild({ force = false } = {}) {
	if (!force && !buildIsStale()) return false;
	console.log(
		fs.existsSync('build/index.js') ? 'Sources changed since the last build: building…' : 'No build yet: building…'
	);
	const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
	return true;
}

/** A port nobody listens on now (the kernel picks it), so two runs on one machine never collide. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/**
 * The server's environment: the site's defaults (`npm start`) or, with `dir`, a test server on
 * 127.0.0.1 with its database and file store in that folder. `env` overrides anything. Behind a
 * proxy (PROTOCOL_HEADER or HOST_HEADER set, here or in `env`) no ORIGIN is made up: adapter-node
 * would let it override the proxy's headers, and every request would look like plain http.
 */
export function serverEnv({ port, dir, test = false, env = {} } = {}) {
	const p = String(port ?? process.env.PORT ?? 3000);
	const local = dir !== undefined;
	const proxied = Boolean(
		env.PROTOCOL_HEADER || env.HOST_HEADER || process.env.PROTOCOL_HEADER || process.env.HOST_HEADER
	);
	const origin = proxied
		? {}
		: { ORIGIN: local ? `http://127.0.0.1:${p}` : process.env.ORIGIN || `http://localhost:${p}` };
	const all = {
		...process.env,
		NODE_ENV: 'production',
		PORT: p,
		...(local ? { HOST: '127.0.0.1' } : {}),
		...origin,
		BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '40M',
		...(local
			? {
					DATABASE_PATH: path.join(dir, 'miyun.db'),
					FILES_DIR: path.join(dir, 'files'),
					// tests never reach outside this machine: tiles come from a closed local port, so the
					// map fails to load exactly as it would with the tile server unreachable
					TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
					SCHEDULER: 'off',
					MIYUN_TEST_MODE: test ? '1' : ''
				}
			: {}),
		...env
	};
	// an ORIGIN the operator set stays (adapter-node then ignores the proxy's headers)
	if (proxied && !env.ORIGIN && (local || !process.env.ORIGIN)) delete all.ORIGIN;
	return all;
}

/**
 * Spawns build/index.js with `env` and waits until /healthz answers 200. Resolves to the running
 * server: { child, origin, port, startupMs, stderr(), stop(signal) }.
 */
export async function launch({ env, stdio = 'pipe', timeoutMs = 60000, echo = false } = {}) {
	const port = Number(env.PORT);
	const host = env.HOST || '127.0.0.1';
	const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
	const child = spawn(process.execPath, ['build/index.js'], {
		stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'ignore', 'pipe'],
		env
	});
	let err = '';
	child.stderr?.on('data', (d) => {
		err += d;
		if (echo) process.stderr.write(d);
	});
	const exited = new Promise((resolve) => child.once('exit', () => resolve()));
	const started = Date.now();
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`server exited with ${child.exitCode ?? child.signalCode}: ${err}`);
		try {
			const r = await fetch(`${origin}/healthz`);
			if (r.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() - started > timeoutMs) {
			child.kill('SIGKILL');
			throw new Error(`server did not start within ${timeoutMs} ms: ${err}`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	return {
		child,
		origin,
		port,
		startupMs: Date.now() - started,
		stderr: () => err,
		exited,
		stop: async (signal = 'SIGTERM') => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			await exited;
		}
	};
}
