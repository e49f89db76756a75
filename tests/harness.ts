// A private server for system tests (crash safety, backups, floods, fuzzing): the production build
// started on its own port with its own database and file store in a temporary folder, with any
// setting overridden through the environment exactly as a deployment would set it. The shared
// journey server (tests/serve.mjs) is left untouched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

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

let nextPort = Number(process.env.HARNESS_PORT_BASE ?? 4600);

/** Starts build/index.js. Pass `dir` to restart on an existing database and file store. */
export async function startServer(
	opts: { env?: Record<string, string>; dir?: string; port?: number; timeoutMs?: number } = {}
): Promise<Server> {
	const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-sys-'));
	const port = opts.port ?? nextPort++;
	const dbPath = path.join(dir, 'miyun.db');
	const filesDir = path.join(dir, 'files');
	// a server left over on this port would answer /healthz in place of ours: refuse instead
	if (await portInUse(port)) throw new Error(`port ${port} is already in use (a server left running?)`);
	let err = '';
	const child = spawn(process.execPath, ['build/index.js'], {
		stdio: ['ignore', 'ignore', 'pipe'],
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${port}`,
			DATABASE_PATH: dbPath,
			FILES_DIR: filesDir,
			BODY_SIZE_LIMIT: '40M',
			SCHEDULER: 'off',
			TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
			MIYUN_TEST_MODE: '',
			...opts.env
		}
	});
	child.stderr!.on('data', (d) => (err += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const started = Date.now();
	const origin = `http://127.0.0.1:${port}`;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${err}`);
		try {
			const r = await fetch(`${origin}/healthz`);
			if (r.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() - started > (opts.timeoutMs ?? 60000)) {
			child.kill('SIGKILL');
			throw new Error(`server did not start: ${err}`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	return {
		origin,
		port,
		dir,
		dbPath,
		filesDir,
		child,
		startupMs: Date.now() - started,
		stderr: () => err,
		stop: async (signal = 'SIGTERM') => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			await exited;
		}
	};
}

function portInUse(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const sock = net.connect({ host: '127.0.0.1', port }, () => {
			sock.destroy();
			resolve(true);
		});
		sock.on('error', () => resolve(false));
	});
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
