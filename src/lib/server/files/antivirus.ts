/**
 * Antivirus for uploads (ASVS 5.4.3): the bytes as received are sent to a ClamAV daemon (`clamd`)
 * over its INSTREAM protocol, on a unix socket (CLAMD_SOCKET) or TCP (CLAMD_ADDRESS, host:port).
 * When one is set, the scanner fails closed: no answer, a timeout or an error from clamd is
 * `unavailable`, and the upload is refused. When neither is set uploads are not scanned; start-up
 * warns once and the admin pages say so.
 *
 * Written by hand (INSTREAM is a few lines) rather than with the `clamscan` package: that one runs
 * `clamdscan --version` on the web server at init, prints every socket error with console.error,
 * and its stream scan has no deadline of its own when clamd stops answering; `clamdjs` speaks TCP
 * only. Here every scan has one hard deadline after which its socket is destroyed.
 */
import net from 'node:net';
import { config } from '../config';

export type ClamdTarget = { path: string } | { host: string; port: number };

export type Verdict =
	| { verdict: 'clean' }
	| { verdict: 'infected'; signature: string }
	/** configured, but no usable answer: not connected, timed out, or clamd reported an error */
	| { verdict: 'unavailable'; cause: string }
	/** no scanner configured */
	| { verdict: 'off' };

/** Whether a scanner is configured (then uploads are scanned, or refused when it cannot answer). */
export function enabled(): boolean {
	return !!(config.clamdSocket || config.clamdAddress);
}

/** The configured clamd, or null when uploads are not scanned; throws on a malformed CLAMD_ADDRESS. */
export function configuredTarget(): ClamdTarget | null {
	if (config.clamdSocket) return { path: config.clamdSocket };
	const a = config.clamdAddress;
	if (!a) return null;
	const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(a);
	if (!m) throw new Error(`Setting CLAMD_ADDRESS must look like HOST:PORT, got "${a}"`);
	return { host: m[1], port: Number(m[2]) };
}

/** The start-up warning when uploads go unscanned (printed once by app.start). */
export function startupWarnings(): string[] {
	try {
		if (configuredTarget()) return [];
	} catch (e) {
		return [`[files] ${(e as Error).message}: every upload will be refused`];
	}
	return [
		'[files] neither CLAMD_SOCKET nor CLAMD_ADDRESS is set: uploads are not scanned by an antivirus (set one in production)'
	];
}

// clamd's default StreamMaxLength is 25 MB; chunks well under its per-read buffer
const CHUNK = 64 * 1024;

/**
 * Scans `bytes` with clamd. Outcomes: `clean`; `infected` with clamd's signature name;
 * `unavailable` (fail closed: the caller refuses the upload) with a short cause; `off` when no
 * scanner is configured (and `target` is not given).
 */
export function scan(
	bytes: Uint8Array,
	opts: { target?: ClamdTarget | null; timeoutMs?: number } = {}
): Promise<Verdict> {
	let target: ClamdTarget | null;
	try {
		target = opts.target === undefined ? configuredTarget() : opts.target;
	} catch {
		return Promise.resolve({ verdict: 'unavailable', cause: 'bad CLAMD_ADDRESS' });
	}
	if (!target) return Promise.resolve({ verdict: 'off' });
	const timeoutMs = opts.timeoutMs ?? config.clamdTimeoutMs;
	return new Promise((resolve) => {
		let reply = '';
		let settled = false;
		const socket = net.createConnection(target);
		const done = (v: Verdict) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.destroy();
			resolve(v);
		};
		// one deadline for connecting, sending and the verdict: a stalled clamd cannot hold a request
		const timer = setTimeout(() => done({ verdict: 'unavailable', cause: 'timeout' }), timeoutMs);
		socket.on('connect', () => {
			socket.write('zINSTREAM\0');
			for (let at = 0; at < bytes.byteLength; at += CHUNK) {
				const part = bytes.subarray(at, Math.min(at + CHUNK, bytes.byteLength));
				const size = Buffer.alloc(4);
				size.writeUInt32BE(part.byteLength);
				socket.write(size);
				socket.write(part);
			}
			socket.write(Buffer.alloc(4)); // a zero-length chunk ends the stream
		});
		socket.on('data', (d: Buffer) => {
			reply += d.toString('utf8');
			if (reply.includes('\0')) done(verdictOf(reply));
		});
		// clamd closes after its one reply; a refusal (e.g. size limit) may reset the connection
		// while we still write, so a reply already read wins over the error
		socket.on('end', () => done(reply ? verdictOf(reply) : { verdict: 'unavailable', cause: 'no reply' }));
		socket.on('error', (e: NodeJS.ErrnoException) =>
			done(reply ? verdictOf(reply) : { verdict: 'unavailable', cause: e.code ?? 'error' })
		);
	});
}

/** `stream: OK`, `stream: NAME FOUND`, or `… ERROR` (size limit, clamd trouble). */
export function verdictOf(raw: string): Verdict {
	const line = raw.split('\0')[0].trim();
	if (/^stream: OK$/.test(line)) return { verdict: 'clean' };
	const found = /^stream: (.+) FOUND$/.exec(line);
	if (found) return { verdict: 'infected', signature: found[1].slice(0, 200) };
	return { verdict: 'unavailable', cause: line.slice(0, 200) || 'empty reply' };
}
