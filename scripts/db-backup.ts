/**
 * Online backup of the database and the uploaded files it references (the server may keep running).
 *   npm run -s db:backup -- --out DIR [--keep N]
 * DIR must not exist or be empty. --keep N then removes all but the newest N backups in DIR's
 * parent folder (only folders holding a backup manifest). Reads DATABASE_PATH and FILES_DIR. The
 * secrets key file beside the database (it seals the TOTP keys) is copied too, mode 0600.
 * Prints one JSON line. Exit 0 written, 1 failed (nothing left in DIR), 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { config } from '../src/lib/server/config';
import { backup } from '../src/lib/server/db/backup';

function usage(msg: string): never {
	console.error(`db:backup: ${msg}`);
	console.error('usage: npm run -s db:backup -- --out DIR [--keep N]');
	process.exit(2);
}

let args;
try {
	args = parseArgs({ options: { out: { type: 'string' }, keep: { type: 'string' } }, strict: true }).values;
} catch (e) {
	usage((e as Error).message);
}
if (!args.out) usage('--out is required');
if (args.keep !== undefined && !/^[1-9]\d{0,3}$/.test(args.keep)) usage('--keep must be a whole number ≥ 1');

const started = Date.now();
const r = backup({
	dbPath: config.databasePath,
	filesDir: config.filesDir,
	outDir: args.out,
	keep: args.keep ? Number(args.keep) : undefined
});
if (!r.ok) {
	const why = {
		exists: 'the output folder exists and is not empty',
		no_database: 'there is no database at DATABASE_PATH',
		bad_file: 'stored files do not match their recorded checksums (the file store is damaged)',
		missing_files: 'files the database references are missing from FILES_DIR'
	}[r.error];
	console.error(`db:backup: ${why}: ${r.detail}`);
	console.log(JSON.stringify({ ok: false, error: r.error }));
	process.exit(1);
}
console.log(
	JSON.stringify({
		ok: true,
		dir: r.dir,
		ms: Date.now() - started,
		databaseBytes: r.manifest.database.bytes,
		reports: r.manifest.database.tables.reports ?? 0,
		files: r.manifest.files.count,
		fileBytes: r.manifest.files.bytes,
		attempts: r.attempts,
		pruned: r.pruned,
		secretsKey: (r.manifest.secrets ?? []).length > 0
	})
);
if (process.env.SECRETS_KEY)
	console.error('db:backup: the secrets key is in SECRETS_KEY, not in this backup: keep that key with the backups');
