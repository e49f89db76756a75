/**
 * Re-seals every stored secret (TOTP keys) under a new key.
 *   npm run -s secrets:rotate
 * With the key file (SECRETS_KEY unset): a new key is written beside the database as
 * `secrets.key.next` (mode 0600) — a running server seals new values under it at once —, every
 * value is re-sealed under it in one transaction, then it replaces `secrets.key`. Safe to run while
 * the server runs, and to run again after a crash (the pending new key is reused). Backups made
 * before keep the old key in their own folder.
 * With SECRETS_KEY: keys in the environment cannot be changed from here. Without
 * SECRETS_KEY_PREVIOUS it prints a new key and the steps; with it (after the restart) it re-seals
 * everything under SECRETS_KEY.
 * Prints one JSON line. Exit 0 done (or instructions printed), 1 failed (nothing lost: both keys kept).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { config } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import * as secrets from '../src/lib/server/secrets';
import { sealAllTotpKeys } from '../src/lib/server/auth/totp-keys';

const dbFile = config.databasePath;
if (!fs.existsSync(dbFile)) {
	console.error(`secrets:rotate: there is no database at ${dbFile} (DATABASE_PATH)`);
	process.exit(1);
}

if (process.env.SECRETS_KEY) {
	if (!process.env.SECRETS_KEY_PREVIOUS) {
		const fresh = randomBytes(32).toString('base64');
		console.error(
			[
				'secrets:rotate: the key comes from SECRETS_KEY, which only you can change. To rotate:',
				`  1. set SECRETS_KEY_PREVIOUS to the current SECRETS_KEY, and SECRETS_KEY to this new key:`,
				`       ${fresh}`,
				'  2. restart the server (it reads both keys and seals everything under the new one at start),',
				'  3. run `npm run -s secrets:rotate` again with both set (it re-seals anything left),',
				'  4. remove SECRETS_KEY_PREVIOUS and restart. Keep the old key with backups made before.'
			].join('\n')
		);
		console.log(JSON.stringify({ ok: true, rotated: false, instructions: true }));
		process.exit(0);
	}
	const db = openDatabase(dbFile);
	const c = sealAllTotpKeys(db);
	db.$client.close();
	if (c.unreadable) {
		console.error(`secrets:rotate: ${c.unreadable} values open under neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS`);
		console.log(JSON.stringify({ ok: false, ...c }));
		process.exit(1);
	}
	console.error('secrets:rotate: done; remove SECRETS_KEY_PREVIOUS and restart the server');
	console.log(
		JSON.stringify({ ok: true, rotated: true, keyId: secrets.keyId(secrets.parseKey(process.env.SECRETS_KEY)), ...c })
	);
	process.exit(0);
}

const keyFile = secrets.keyFilePath(dbFile);
const nextFile = path.join(path.dirname(keyFile), secrets.NEXT_KEY_FILE);
secrets.ensureKeyFile(keyFile);
const before = secrets.keyId(secrets.parseKey(fs.readFileSync(keyFile, 'utf8')));
// a new key beside the old one (or the one a crashed run left): a running server seals under it from now on
secrets.ensureKeyFile(nextFile);
const db = openDatabase(dbFile);
const c = sealAllTotpKeys(db);
db.$client.close();
if (c.unreadable) {
	console.error(
		`secrets:rotate: ${c.unreadable} values open under no key beside the database; both keys are kept (${path.basename(keyFile)}, ${secrets.NEXT_KEY_FILE})`
	);
	console.log(JSON.stringify({ ok: false, ...c }));
	process.exit(1);
}
fs.renameSync(nextFile, keyFile);
const fd = fs.openSync(path.dirname(keyFile), 'r');
fs.fsyncSync(fd);
fs.closeSync(fd);
const after = secrets.keyId(secrets.parseKey(fs.readFileSync(keyFile, 'utf8')));
console.log(JSON.stringify({ ok: true, rotated: true, keyFile, from: before, keyId: after, ...c }));
