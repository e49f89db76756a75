/**
 * Restores a backup made by db:backup over DATABASE_PATH and FILES_DIR. The server must be stopped:
 * restore refuses while any process has the database open (SQLite's own lock; see
 * src/lib/server/db/backup.ts). The backup is verified (checksums, integrity_check) before anything
 * changes; the replaced database and files are kept beside the new ones (`*.before-restore-TIME`).
 * The backup's secrets key file is put back beside the database (mode 0600).
 *   npm run -s db:restore -- --from DIR
 * Prints one JSON line. Exit 0 restored, 1 refused (nothing changed), 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { config } from '../src/lib/server/config';
import { restore } from '../src/lib/server/db/backup';

function usage(msg: string): never {
	console.error(`db:restore: ${msg}`);
	console.error('usage: npm run -s db:restore -- --from DIR');
	process.exit(2);
}

let args;
try {
	args = parseArgs({ options: { from: { type: 'string' } }, strict: true }).values;
} catch (e) {
	usage((e as Error).message);
}
if (!args.from) usage('--from is required');

const r = restore({ from: args.from, dbPath: config.databasePath, filesDir: config.filesDir });
if (!r.ok) {
	console.error(`db:restore: ${r.error === 'in_use' ? 'refused' : 'the backup failed verification'}: ${r.detail}`);
	console.log(JSON.stringify({ ok: false, error: r.error }));
	process.exit(1);
}
console.log(JSON.stringify(r));
