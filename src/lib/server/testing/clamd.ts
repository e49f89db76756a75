/**
 * A real ClamAV daemon for tests: Debian's `clamd` (package clamav-daemon) started in the
 * foreground with a temporary clamd.conf, a unix socket in a temporary folder and only the tiny
 * signature database shipped in tests/fixtures/clamav (EICAR and one marker of our own; this
 * machine has no internet for freshclam). It never touches a system clamd or /var/lib/clamav.
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

export const SIGNATURES = path.resolve('tests/fixtures/clamav');

/** The clamd binary, or null when clamav-daemon is not installed (it lives in /usr/sbin). */
export function clamdBinary(): string | null {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
	for (const d of dirs) {
		const p = path.join(d, 'clamd');
		try {
			fs.accessSync(p, fs.constants.X_OK);
			return p;
		} catch {
			/* next */
		}
	}
	return null;
}

export interface Clamd {
	socket: string;
	/** ms from spawn until the socket answered PING */
	startedMs: number;
	stop: () => Promise<void>;
}

export async function startClamd(bin: string): Promise<Clamd> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-clamd-'));
	const socket = path.join(dir, 'clamd.sock');
	const conf = path.join(dir, 'clamd.conf');
	fs.writeFileSync(
		conf,
		[
			`LocalSocket ${socket}`,
			`DatabaseDirectory ${SIGNATURES}`,
			`TemporaryDirectory ${dir}`,
			'Foreground yes',
			'LogTime no',
			// the shipped database is unsigned; nothing else may be loaded
			'SelfCheck 0',
			''
		].join('\n')
	);
	const t0 = performance.now();
	const child: ChildProcess = spawn(bin, ['--config-file', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	child.stdout?.on('data', (d) => (out += d));
	child.stderr?.on('data', (d) => (out += d));
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	const deadline = Date.now() + 30000;
	while (!(await pong(socket))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`clamd did not start:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 20));
	}
	const startedMs = performance.now() - t0;
	return {
		socket,
		startedMs,
		stop: async () => {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

async function pong(socket: string): Promise<boolean> {
	if (!fs.existsSync(socket)) return false;
	return new Promise((resolve) => {
		const s = net.createConnection(socket);
		let reply = '';
		s.on('connect', () => s.write('zPING\0'));
		s.on('data', (d) => (reply += d));
		s.on('end', () => resolve(reply.startsWith('PONG')));
		s.on('error', () => resolve(false));
		s.setTimeout(1000, () => {
			s.destroy();
			resolve(false);
		});
	});
}
