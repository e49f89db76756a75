// A private server for system tests (crash safety, backups, floods, fuzzing): the production build
// started on its own port with its own database and file store in a temporary folder, with any
// setting overridden through the environment exactly as a deployment would set it. The journeys'
// per-worker servers (tests/kit.ts) are left untouched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { freePort, launch, serverEnv } from '../scripts/launch.mjs';

export type Server = {
	origin: string;
	port: number;
	dir: string;
	dbPath: string;
	filesDir: string;
	child: ChildProcess;
	/** ms from spawn to the first /healthz 200 */
	startupMs: number;
	/** the server's stderr so far (for assertions on refusals and errors) */
	stderr: () => string;
	/** SIGTERM (graceful) or SIGKILL (crash); resolves when the process has gone */
	stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/**
 * Fills a new server folder from the run's template (tests/global-setup.ts): the database, the
 * secrets key that seals its TOTP keys, and the seed's uploaded files.
 */
export function fromTemplate(dir: string) {
	const template = process.env.MIYUN_E2E_TEMPLATE;
	if (!template) throw new Error('no template database: run through playwright.config.ts (globalSetup)');
	const from = path.dirname(template);
	fs.copyFileSync(template, path.join(dir, 'miyun.db'));
	fs.copyFileSync(path.join(from, 'secrets.key'), path.join(dir, 'secrets.key'));
	if (fs.existsSync(path.join(from, 'files')))
		fs.cpSync(path.join(from, 'files'), path.join(dir, 'files'), { recursive: true });
}

/** Folders startServer made in this process: removed when it exits (a restart reuses its folder,
 *  so stopping a server cannot remove it). */
const made = new Set<string>();
process.once('exit', () => {
	for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * Starts build/index.js (scripts/launch.mjs) on a free port. Pass `dir` to restart on an existing
 * database and file store. A new server starts from a copy of the run's template database (migrated
 * and loaded once, tests/global-setup.ts), as the per-worker servers do; `fresh` makes it migrate
 * and load an empty file itself.
 */
export async function startServer(
	opts: { env?: Record<string, string>; dir?: string; port?: number; timeoutMs?: number; fresh?: boolean } = {}
): Promise<Server> {
	let dir = opts.dir;
	if (!dir) {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-sys-'));
		made.add(dir);
		if (process.env.MIYUN_E2E_TEMPLATE && !opts.fresh) fromTemplate(dir);
	}
	const port = opts.port ?? (await freePort());
	const s = await launch({ env: serverEnv({ port, dir, env: opts.env }), timeoutMs: opts.timeoutMs });
	return {
		origin: s.origin,
		port,
		dir,
		dbPath: path.join(dir, 'miyun.db'),
		filesDir: path.join(dir, 'files'),
		child: s.child,
		startupMs: s.startupMs,
		stderr: s.stderr,
		stop: s.stop
	};
}

/** A form as a multipart body (what a browser would send), for requestFrom. */
export async function encodeForm(fd: FormData): Promise<{ body: Buffer; contentType: string }> {
	const r = new Response(fd);
	return { body: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get('content-type')! };
}

/**
 * A request whose connection leaves from `address` (any of 127.0.0.0/8 on Linux), so a test can be
 * two different visitors to the server's per-address limits without trusting a forwarded header.
 */
export function requestFrom(
	address: string,
	url: string,
	init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{ method: init.method ?? 'GET', headers: init.headers, localAddress: address, agent: false },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
			}
		);
		req.on('error', reject);
		if (init.body !== undefined) req.write(init.body);
		req.end();
	});
}
