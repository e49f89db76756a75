import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { encodeBase64 } from '@oslojs/encoding';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import { users } from '../auth/schema';
import { checkTotp } from '../auth/accounts';
import { codeAt, newTotpKey } from '../auth/totp';
import { sealAllTotpKeys } from '../auth/totp-keys';
import * as secrets from '.';
import { setNow, advance, resetClock } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	secrets.forgetKeys();
	setNow(new Date('2026-11-01T00:00:00Z'), { freeze: true });
});
afterEach(() => {
	delete process.env.SECRETS_KEY;
	delete process.env.SECRETS_KEY_PREVIOUS;
	secrets.forgetKeys();
	resetClock();
	t.close();
});

const stored = (id: string) => t.db.select({ k: users.totpKey }).from(users).where(eq(users.id, id)).get()!.k!;
const keyFile = () => path.join(t.dir, 'secrets.key');
const now = () => Date.parse('2026-11-01T00:00:00Z');

describe('TOTP keys at rest', () => {
	it('are sealed with AES-256-GCM under a key file made beside the database (0600), never in it', async () => {
		const u = await staff(t.db);
		const v = stored(u.userId);
		expect(v).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
		expect(v).not.toContain(encodeBase64(u.key));
		expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
		const key = secrets.parseKey(fs.readFileSync(keyFile(), 'utf8'));
		expect(key).toHaveLength(32);
		// the key is nowhere in the database file
		t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
		const file = fs.readFileSync(path.join(t.dir, 'test.db'));
		expect(file.includes(key)).toBe(false);
		expect(file.includes(Buffer.from(key.toString('base64')))).toBe(false);
		expect(checkTotp(t.db, u.userId, codeAt(u.key, now()))).toBe(true);
	});

	it('a value altered, moved to another purpose, or opened with another key is refused', async () => {
		const u = await staff(t.db);
		const v = stored(u.userId);
		const body = Buffer.from(v.split('.')[2], 'base64url');
		body[20] ^= 1;
		const altered = `v1.${v.split('.')[1]}.${body.toString('base64url')}`;
		const ring = secrets.keyring(t.db);
		expect(secrets.openWith(ring.all, v, 'totp')).toEqual(u.key);
		expect(secrets.openWith(ring.all, altered, 'totp')).toBeNull();
		expect(secrets.openWith(new Map([[ring.current.id, Buffer.alloc(32, 1)]]), v, 'totp')).toBeNull();
		expect(() => secrets.open(t.db, altered, 'totp')).toThrow(/cannot be opened/);
	});

	it('SECRETS_KEY (hex or base64, 32 bytes) is used instead of a key file; anything else is refused', async () => {
		const hex = 'ab'.repeat(32);
		process.env.SECRETS_KEY = hex;
		const u = await staff(t.db);
		expect(fs.existsSync(keyFile())).toBe(false);
		expect(secrets.sealedKeyId(stored(u.userId))).toBe(secrets.keyId(Buffer.from(hex, 'hex')));
		expect(checkTotp(t.db, u.userId, codeAt(u.key, now()))).toBe(true);
		expect(secrets.parseKey(Buffer.alloc(32, 7).toString('base64'))).toEqual(Buffer.alloc(32, 7));
		for (const bad of ['short', 'ab'.repeat(31), Buffer.alloc(16).toString('base64'), '!'.repeat(44)])
			expect(() => secrets.parseKey(bad), bad).toThrow(/32 random bytes/);
	});

	it('plain keys stored before sealing are migrated at start: no account loses its second factor', async () => {
		const u = await staff(t.db);
		const plainKey = newTotpKey();
		t.db
			.update(users)
			.set({ totpKey: encodeBase64(plainKey) })
			.where(eq(users.id, u.userId))
			.run();
		expect(sealAllTotpKeys(t.db)).toEqual({ sealed: 1, resealed: 0, unreadable: 0 });
		expect(secrets.isSealed(stored(u.userId))).toBe(true);
		expect(checkTotp(t.db, u.userId, codeAt(plainKey, now()))).toBe(true);
		expect(sealAllTotpKeys(t.db)).toEqual({ sealed: 0, resealed: 0, unreadable: 0 });
	});

	it('secrets:rotate re-seals everything under a new key file; the old key no longer opens anything', async () => {
		const a = await staff(t.db);
		const b = await staff(t.db);
		const oldKey = fs.readFileSync(keyFile(), 'utf8');
		const oldId = secrets.sealedKeyId(stored(a.userId));
		t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
		const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/secrets-rotate.ts'], {
			env: { ...process.env, DATABASE_PATH: path.join(t.dir, 'test.db') },
			encoding: 'utf8'
		});
		expect(r.status, r.stderr).toBe(0);
		const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
		expect(out).toMatchObject({ ok: true, rotated: true, from: oldId, resealed: 2, unreadable: 0 });
		expect(fs.readFileSync(keyFile(), 'utf8')).not.toBe(oldKey);
		expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
		expect(fs.existsSync(path.join(t.dir, secrets.NEXT_KEY_FILE))).toBe(false);
		for (const u of [a, b]) {
			expect(secrets.sealedKeyId(stored(u.userId))).toBe(out.keyId);
			expect(secrets.openWith(new Map([[oldId!, secrets.parseKey(oldKey)]]), stored(u.userId), 'totp')).toBeNull();
			// this process notices the new key file by itself
			advance(30000);
			expect(checkTotp(t.db, u.userId, codeAt(u.key, now() + 30000 * (u === a ? 1 : 2)))).toBe(true);
		}
	});

	it('with SECRETS_KEY, secrets:rotate prints the steps; with SECRETS_KEY_PREVIOUS it re-seals', async () => {
		const oldHex = 'cd'.repeat(32);
		process.env.SECRETS_KEY = oldHex;
		const u = await staff(t.db);
		t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
		const run = (env: Record<string, string>) =>
			spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/secrets-rotate.ts'], {
				env: { ...process.env, DATABASE_PATH: path.join(t.dir, 'test.db'), ...env },
				encoding: 'utf8'
			});
		const first = run({});
		expect(first.status).toBe(0);
		expect(first.stderr).toContain('SECRETS_KEY_PREVIOUS');
		expect(JSON.parse(first.stdout.trim())).toMatchObject({ rotated: false, instructions: true });
		const newKey = /^\s+(\S{44})$/m.exec(first.stderr)![1];
		const second = run({ SECRETS_KEY: newKey, SECRETS_KEY_PREVIOUS: oldHex });
		expect(second.status, second.stderr).toBe(0);
		expect(JSON.parse(second.stdout.trim())).toMatchObject({ rotated: true, resealed: 1 });
		process.env.SECRETS_KEY = newKey;
		secrets.forgetKeys();
		expect(checkTotp(t.db, u.userId, codeAt(u.key, now()))).toBe(true);
	});
});
