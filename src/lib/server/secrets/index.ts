/**
 * Secrets at rest: values the server must read back (TOTP keys) are stored sealed with AES-256-GCM
 * (node:crypto), never in the clear. The key comes from SECRETS_KEY (32 bytes, hex or base64) or,
 * when that is unset, from a key file created at first start beside the database (`secrets.key`,
 * mode 0600) — never inside it, so a copy of the database alone reveals no TOTP key.
 *
 * A sealed value reads `v1.<key id>.<base64url of iv ‖ ciphertext ‖ tag>`; the key id (the first
 * 8 hex digits of the key's SHA-256) says which key sealed it, so a rotation (`npm run -s
 * secrets:rotate`, see rotate.ts) can re-seal values one key at a time and a process keeps reading
 * values sealed under a key it has not loaded yet. The purpose ("totp") is authenticated too, so a
 * value cannot be moved to a column of another kind.
 *
 * The key belongs to a database file: it is found from the open database (`db.$client.name`), so
 * the server, the CLIs, the tests' builders and the template database each use the key beside
 * their own file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { DB } from '../db';

export const KEY_FILE = 'secrets.key';
/** A new key being rolled in by secrets:rotate: new values are sealed under it at once. */
export const NEXT_KEY_FILE = 'secrets.key.next';
const PREFIX = 'v1.';

export type Purpose = 'totp';

interface Keyring {
	current: { id: string; key: Buffer };
	all: Map<string, Buffer>;
	/** what the keyring was read from, to notice a rotation by another process */
	stamp: string;
	/** the key comes from SECRETS_KEY: nothing on disk */
	fromEnv: boolean;
}

export const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** 32 bytes written as 64 hex digits or as base64; anything else is refused with a clear message. */
export function parseKey(raw: string, name = 'SECRETS_KEY'): Buffer {
	const v = raw.trim();
	const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
	if (
		key.length !== 32 ||
		(!/^[0-9a-f]{64}$/i.test(v) && key.toString('base64').replace(/=+$/, '') !== v.replace(/=+$/, ''))
	)
		throw new Error(`${name} must be 32 random bytes, as 64 hex digits or base64 (e.g. \`openssl rand -base64 32\`)`);
	return key;
}

/** Where the key file of the database `dbFile` lives (beside it, never inside it). */
export function keyFilePath(dbFile: string): string {
	return path.join(path.dirname(path.resolve(dbFile)), KEY_FILE);
}

function readKeyFile(file: string): Buffer {
	return parseKey(fs.readFileSync(file, 'utf8'), file);
}

/** Creates the key file (mode 0600) unless it exists; safe when two processes race to create it. */
export function ensureKeyFile(file: string): void {
	if (fs.existsSync(file)) return;
	fs.mkdirSync(path.dirname(file), { recursive: true });
	try {
		fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
		const fd = fs.openSync(file, 'r');
		fs.fsyncSync(fd);
		fs.closeSync(fd);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
	}
}

function stampOf(files: string[]): string {
	return files
		.map((f) => {
			try {
				const s = fs.statSync(f);
				return `${f}:${s.ino}:${s.mtimeMs}:${s.size}`;
			} catch {
				return `${f}:-`;
			}
		})
		.join('|');
}

function load(dbFile: string): Keyring {
	const env = process.env.SECRETS_KEY;
	if (env) {
		const key = parseKey(env);
		const all = new Map([[keyId(key), key]]);
		// while a rotation is rolled out: values still sealed under the previous key stay readable
		if (process.env.SECRETS_KEY_PREVIOUS) {
			const prev = parseKey(process.env.SECRETS_KEY_PREVIOUS, 'SECRETS_KEY_PREVIOUS');
			all.set(keyId(prev), prev);
		}
		return { current: { id: keyId(key), key }, all, stamp: 'env', fromEnv: true };
	}
	const file = keyFilePath(dbFile);
	const next = path.join(path.dirname(file), NEXT_KEY_FILE);
	ensureKeyFile(file);
	const stamp = stampOf([file, next]);
	const key = readKeyFile(file);
	const all = new Map([[keyId(key), key]]);
	let current = { id: keyId(key), key };
	if (fs.existsSync(next)) {
		const n = readKeyFile(next);
		all.set(keyId(n), n);
		current = { id: keyId(n), key: n };
	}
	return { current, all, stamp, fromEnv: false };
}

const rings = new Map<string, Keyring>();

function dbFileOf(db: DB): string {
	const name = db.$client.name;
	if (!name || name === ':memory:') throw new Error('secrets: the database has no file to keep its key beside');
	return path.resolve(name);
}

/** The keyring of this database, re-read when its key files changed on disk (a rotation). */
export function keyring(db: DB, opts: { fresh?: boolean } = {}): Keyring {
	const file = dbFileOf(db);
	let r = rings.get(file);
	if (
		!r ||
		opts.fresh ||
		(!r.fromEnv && r.stamp !== stampOf([keyFilePath(file), path.join(path.dirname(keyFilePath(file)), NEXT_KEY_FILE)]))
	) {
		r = load(file);
		rings.set(file, r);
	}
	return r;
}

/** Forget loaded keys (tests, after a rotation in this process). */
export function forgetKeys(): void {
	rings.clear();
}

export const isSealed = (stored: string) => stored.startsWith(PREFIX);
export const sealedKeyId = (stored: string) => (isSealed(stored) ? stored.split('.')[1] : null);

export function sealWith(key: Buffer, plain: Uint8Array, purpose: Purpose): string {
	const iv = randomBytes(12);
	const c = createCipheriv('aes-256-gcm', key, iv);
	c.setAAD(Buffer.from(purpose));
	const body = Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]);
	return `${PREFIX}${keyId(key)}.${body.toString('base64url')}`;
}

export function openWith(keys: Map<string, Buffer>, stored: string, purpose: Purpose): Uint8Array | null {
	const [, id, b64] = stored.split('.');
	const key = keys.get(id);
	if (!key || !b64) return null;
	const body = Buffer.from(b64, 'base64url');
	if (body.length < 12 + 16) return null;
	try {
		const d = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12));
		d.setAAD(Buffer.from(purpose));
		d.setAuthTag(body.subarray(body.length - 16));
		return new Uint8Array(Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()]));
	} catch {
		return null;
	}
}

/** Seals `plain` under this database's current key. */
export function seal(db: DB, plain: Uint8Array, purpose: Purpose): string {
	return sealWith(keyring(db).current.key, plain, purpose);
}

/**
 * Opens a sealed value. Throws when it cannot be opened (unknown key, altered value): a TOTP key
 * that no longer opens is an operator's error (a lost or wrong key file), not a wrong code.
 */
export function open(db: DB, stored: string, purpose: Purpose): Uint8Array {
	if (!isSealed(stored)) throw new Error('secrets: the value is not sealed (run the server once to migrate it)');
	let ring = keyring(db);
	if (!ring.all.has(sealedKeyId(stored)!)) ring = keyring(db, { fresh: true });
	const plain = openWith(ring.all, stored, purpose);
	if (!plain)
		throw new Error(
			`secrets: a ${purpose} value sealed under key ${sealedKeyId(stored)} cannot be opened with ${ring.fromEnv ? 'SECRETS_KEY' : keyFilePath(dbFileOf(db))} — restore the key file that belongs to this database`
		);
	return plain;
}
