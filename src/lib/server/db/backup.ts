/**
 * Online backup and offline restore of the database and the uploaded files, consistent with each
 * other (CLIs: scripts/db-backup.ts, scripts/db-restore.ts; README: Backups).
 *
 * Backup, while the server serves: `VACUUM INTO` writes a snapshot of the database in one read
 * transaction (WAL lets the server keep writing meanwhile), then exactly the files that snapshot
 * references are copied and checked against the sha256 it recorded. Stored files never change
 * after they are written (random names, written once), so the copy matches the snapshot; a file
 * the site deleted between the snapshot and the copy makes the whole backup start again.
 * A manifest lists the database checksum, the row counts and every file with its checksum.
 *
 * Restore refuses while any process has the database open: it takes SQLite's own exclusive lock
 * on the file, which the server holds a shared lock on for as long as it runs (every connection
 * to a WAL database does) and which the kernel releases when a process dies, even by kill -9 —
 * no pid file to go stale. It verifies the backup (checksums, integrity_check) before touching
 * anything, keeps the replaced database and files beside the new ones, and swaps them in by rename.
 *
 * The secrets key file beside the database (../secrets: it seals the TOTP keys) goes with it, mode
 * 0600: a backup restored without it would hold TOTP keys nobody can open. When the key comes from
 * SECRETS_KEY there is no file, and keeping that key with the backups is the operator's part.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { assertSqliteVersion } from './version';
import { KEY_FILE, NEXT_KEY_FILE } from '../secrets';

export const MANIFEST = 'manifest.json';
export const BACKUP_DB = 'miyun.db';
export const BACKUP_FILES = 'files';
const FORMAT = 'miyun-backup/1';

export interface Manifest {
	format: typeof FORMAT;
	createdAt: string;
	sqliteVersion: string;
	database: { file: string; bytes: number; sha256: string; tables: Record<string, number> };
	files: { count: number; bytes: number; list: { path: string; size: number; sha256: string }[] };
	/** the secrets key files copied from beside the database (absent: the key was in SECRETS_KEY) */
	secrets?: { file: string; sha256: string }[];
}

export type BackupOutcome =
	| { ok: true; dir: string; manifest: Manifest; attempts: number; pruned: string[] }
	| { ok: false; error: 'exists' | 'missing_files' | 'bad_file' | 'no_database'; detail: string };
export type RestoreOutcome =
	| {
			ok: true;
			database: string;
			filesDir: string;
			keptDatabase: string | null;
			keptFiles: string | null;
			/** the secrets key file put beside the database, or null (the backup had none) */
			secretsKey: string | null;
			reports: number;
			files: number;
	  }
	| { ok: false; error: 'bad_backup' | 'in_use'; detail: string };

const sha256File = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');

function fsyncPath(p: string): void {
	const fd = fs.openSync(p, 'r');
	try {
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
}

/** Copies a file and flushes the copy to disk. */
function copyDurably(from: string, to: string): void {
	fs.mkdirSync(path.dirname(to), { recursive: true });
	fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
	fsyncPath(to);
}

/** Copies a key file readable by its owner only (mode 0600 whatever the umask). */
function copySecret(from: string, to: string): void {
	fs.writeFileSync(to, fs.readFileSync(from), { mode: 0o600, flag: 'wx' });
	fs.chmodSync(to, 0o600);
	fsyncPath(to);
}

function tableCounts(db: Database.Database): Record<string, number> {
	const names = (
		db
			.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
			.all() as { name: string }[]
	).map((r) => r.name);
	return Object.fromEntries(
		names.map((n) => [n, (db.prepare(`select count(*) as n from "${n.replace(/"/g, '""')}"`).get() as { n: number }).n])
	);
}

function integrity(db: Database.Database): string {
	return (db.prepare('pragma integrity_check').all() as { integrity_check: string }[])
		.map((r) => r.integrity_check)
		.join('; ');
}

type FileRow = { storagePath: string; size: number; sha256: string };
const fileRows = (db: Database.Database) =>
	db.prepare('select storage_path as storagePath, size, sha256 from files order by storage_path').all() as FileRow[];

/** A stored path must stay inside its folder (it comes from a database we are about to trust). */
function inside(root: string, rel: string): string {
	const abs = path.resolve(root, rel);
	if (!abs.startsWith(path.resolve(root) + path.sep)) throw new Error(`file path outside the store: ${rel}`);
	return abs;
}

function isEmptyOrAbsent(dir: string): boolean {
	return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/** One attempt: snapshot, then the files it references. Returns the paths that were gone. */
function snapshot(
	dbPath: string,
	filesDir: string,
	work: string
): { manifest: Manifest; gone: string[]; bad: string[] } {
	const src = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 5000 });
	let sqliteVersion: string;
	try {
		sqliteVersion = assertSqliteVersion(src);
		src.prepare('VACUUM INTO ?').run(path.join(work, BACKUP_DB));
	} finally {
		src.close();
	}
	const dbFile = path.join(work, BACKUP_DB);
	fsyncPath(dbFile); // VACUUM INTO does not flush its output
	const copy = new Database(dbFile, { readonly: true });
	let rows: FileRow[];
	let tables: Record<string, number>;
	try {
		rows = fileRows(copy);
		tables = tableCounts(copy);
	} finally {
		copy.close();
	}
	const gone: string[] = [];
	const bad: string[] = [];
	const list: Manifest['files']['list'] = [];
	for (const r of rows) {
		const from = inside(filesDir, r.storagePath);
		const to = inside(path.join(work, BACKUP_FILES), r.storagePath);
		if (!fs.existsSync(from)) {
			gone.push(r.storagePath);
			continue;
		}
		copyDurably(from, to);
		const sum = sha256File(to);
		if (sum !== r.sha256) bad.push(r.storagePath);
		list.push({ path: r.storagePath, size: fs.statSync(to).size, sha256: sum });
	}
	const keys: { file: string; sha256: string }[] = [];
	for (const name of [KEY_FILE, NEXT_KEY_FILE]) {
		const from = path.join(path.dirname(dbPath), name);
		if (!fs.existsSync(from)) continue;
		copySecret(from, path.join(work, name));
		keys.push({ file: name, sha256: sha256File(path.join(work, name)) });
	}
	const manifest: Manifest = {
		format: FORMAT,
		createdAt: new Date().toISOString(),
		sqliteVersion,
		database: { file: BACKUP_DB, bytes: fs.statSync(dbFile).size, sha256: sha256File(dbFile), tables },
		files: { count: list.length, bytes: list.reduce((s, f) => s + f.size, 0), list },
		secrets: keys
	};
	return { manifest, gone, bad };
}

/**
 * Backs up `dbPath` and the files it references under `filesDir` into `outDir` (which must not
 * exist or be empty), while the server may be running. With `keep`, older backups beside
 * `outDir` (folders holding a manifest of this format) beyond the newest `keep` are removed.
 * Outcomes: ok; `exists` (outDir not empty); `no_database`; `bad_file` (a stored file does not
 * match its recorded checksum: the store is damaged); `missing_files` (referenced files absent
 * in three attempts running: the store is damaged). Nothing is left in outDir on failure.
 */
export function backup(opts: { dbPath: string; filesDir: string; outDir: string; keep?: number }): BackupOutcome {
	const outDir = path.resolve(opts.outDir);
	if (!fs.existsSync(opts.dbPath)) return { ok: false, error: 'no_database', detail: opts.dbPath };
	if (!isEmptyOrAbsent(outDir)) return { ok: false, error: 'exists', detail: outDir };
	fs.mkdirSync(path.dirname(outDir), { recursive: true });
	let gone: string[] = [];
	for (let attempt = 1; attempt <= 3; attempt++) {
		const work = `${outDir}.partial-${randomBytes(4).toString('hex')}`;
		fs.mkdirSync(work);
		try {
			const r = snapshot(opts.dbPath, opts.filesDir, work);
			if (r.bad.length) return { ok: false, error: 'bad_file', detail: r.bad.join(', ') };
			gone = r.gone;
			if (gone.length) continue; // deleted by the site after the snapshot: take a new one
			fs.writeFileSync(path.join(work, MANIFEST), JSON.stringify(r.manifest, null, 1));
			fsyncPath(path.join(work, MANIFEST));
			for (const d of fs.readdirSync(work, { recursive: true }) as string[])
				if (fs.statSync(path.join(work, d)).isDirectory()) fsyncPath(path.join(work, d));
			fsyncPath(work);
			if (fs.existsSync(outDir)) fs.rmdirSync(outDir);
			fs.renameSync(work, outDir);
			fsyncPath(path.dirname(outDir));
			const pruned = opts.keep ? prune(path.dirname(outDir), opts.keep) : [];
			return { ok: true, dir: outDir, manifest: r.manifest, attempts: attempt, pruned };
		} finally {
			fs.rmSync(work, { recursive: true, force: true });
		}
	}
	return { ok: false, error: 'missing_files', detail: gone.join(', ') };
}

function readManifest(dir: string): Manifest | null {
	try {
		const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
		return m.format === FORMAT ? m : null;
	} catch {
		return null;
	}
}

/** Removes all but the newest `keep` backups in `parent` (only folders with a manifest of ours). */
export function prune(parent: string, keep: number): string[] {
	const backups = fs
		.readdirSync(parent, { withFileTypes: true })
		.filter((e) => e.isDirectory())
		.map((e) => ({ dir: path.join(parent, e.name), m: readManifest(path.join(parent, e.name)) }))
		.filter((b): b is { dir: string; m: Manifest } => b.m !== null)
		.sort((a, b) => b.m.createdAt.localeCompare(a.m.createdAt));
	const old = backups.slice(Math.max(1, keep)).map((b) => b.dir);
	for (const d of old) fs.rmSync(d, { recursive: true, force: true });
	return old;
}

/**
 * Checks a backup without changing anything: the manifest, the database's checksum and
 * integrity_check, every file's size and checksum, and that every file the database references
 * is in the backup. Returns what is wrong, or null.
 */
export function verify(from: string): string | null {
	const m = readManifest(from);
	if (!m) return `no ${MANIFEST} of this format in ${from}`;
	const dbFile = path.join(from, m.database.file);
	if (!fs.existsSync(dbFile)) return `the database file ${m.database.file} is missing`;
	if (sha256File(dbFile) !== m.database.sha256) return 'the database does not match its checksum';
	const db = new Database(dbFile, { readonly: true, fileMustExist: true });
	let rows: FileRow[];
	try {
		assertSqliteVersion(db);
		const check = integrity(db);
		if (check !== 'ok') return `integrity_check: ${check}`;
		rows = fileRows(db);
	} finally {
		db.close();
	}
	const listed = new Map(m.files.list.map((f) => [f.path, f]));
	for (const r of rows) {
		const f = listed.get(r.storagePath);
		if (!f || f.sha256 !== r.sha256) return `the database references ${r.storagePath}, which the backup does not hold`;
	}
	for (const k of m.secrets ?? []) {
		if (![KEY_FILE, NEXT_KEY_FILE].includes(k.file)) return `unexpected secrets file ${k.file}`;
		const p = path.join(from, k.file);
		if (!fs.existsSync(p)) return `the secrets key ${k.file} is missing`;
		if (sha256File(p) !== k.sha256) return `the secrets key ${k.file} does not match its checksum`;
	}
	for (const f of m.files.list) {
		let p: string;
		try {
			p = inside(path.join(from, BACKUP_FILES), f.path);
		} catch (e) {
			return (e as Error).message;
		}
		if (!fs.existsSync(p)) return `file missing: ${f.path}`;
		if (fs.statSync(p).size !== f.size || sha256File(p) !== f.sha256)
			return `file does not match its checksum: ${f.path}`;
	}
	return null;
}

/**
 * Takes the database file for this process alone, or says who has it. `null` when there is no
 * database yet, or when the file is not a readable database at all (the damage a restore is for:
 * nothing can be serving from it). The connection returned holds SQLite's exclusive lock until
 * closed.
 */
function lockExclusive(dbPath: string): Database.Database | null | 'busy' {
	if (!fs.existsSync(dbPath)) return null;
	const db = new Database(dbPath, { fileMustExist: true, timeout: 0 });
	try {
		db.pragma('locking_mode = EXCLUSIVE');
		db.prepare('select count(*) from sqlite_master').get(); // takes the lock (SQLITE_BUSY if shared)
		db.pragma('wal_checkpoint(TRUNCATE)');
		db.pragma('journal_mode = DELETE'); // out of WAL: no -wal left to meet the restored file
		return db;
	} catch (e) {
		db.close();
		const code = (e as { code?: string }).code;
		if (code === 'SQLITE_BUSY') return 'busy';
		if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return null;
		throw e;
	}
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/**
 * Replaces the database at `dbPath` and the store at `filesDir` with the backup in `from`.
 * Outcomes: ok (with where the replaced copies were kept); `bad_backup` (verification failed:
 * nothing changed); `in_use` (another process — the server — has the database open: nothing
 * changed).
 */
export function restore(opts: { from: string; dbPath: string; filesDir: string }): RestoreOutcome {
	const problem = verify(opts.from);
	if (problem) return { ok: false, error: 'bad_backup', detail: problem };
	const m = readManifest(opts.from)!;
	const lock = lockExclusive(opts.dbPath);
	if (lock === 'busy')
		return {
			ok: false,
			error: 'in_use',
			detail: `${opts.dbPath} is open in another process (is the server running? stop it first)`
		};
	const when = stamp();
	let keptDatabase: string | null = null;
	let keptFiles: string | null = null;
	let secretsKey: string | null = null;
	try {
		fs.mkdirSync(path.dirname(opts.dbPath), { recursive: true });
		fs.mkdirSync(path.dirname(opts.filesDir), { recursive: true });
		// everything is copied next to its destination first, then swapped in by rename
		const dbTmp = `${opts.dbPath}.restoring-${when}`;
		const filesTmp = `${opts.filesDir}.restoring-${when}`;
		copyDurably(path.join(opts.from, m.database.file), dbTmp);
		fs.mkdirSync(filesTmp);
		for (const f of m.files.list)
			copyDurably(inside(path.join(opts.from, BACKUP_FILES), f.path), inside(filesTmp, f.path));
		for (const d of fs.readdirSync(filesTmp, { recursive: true }) as string[])
			if (fs.statSync(path.join(filesTmp, d)).isDirectory()) fsyncPath(path.join(filesTmp, d));
		if (fs.existsSync(opts.filesDir)) {
			keptFiles = `${opts.filesDir}.before-restore-${when}`;
			fs.renameSync(opts.filesDir, keptFiles);
		}
		fs.renameSync(filesTmp, opts.filesDir);
		if (fs.existsSync(opts.dbPath)) {
			keptDatabase = `${opts.dbPath}.before-restore-${when}`;
			fs.renameSync(opts.dbPath, keptDatabase);
		}
		for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(opts.dbPath + suffix, { force: true });
		// the key that sealed this database's secrets goes beside it; keys found there are kept aside
		if (m.secrets?.length) {
			const dir = path.dirname(opts.dbPath);
			for (const name of [KEY_FILE, NEXT_KEY_FILE])
				if (fs.existsSync(path.join(dir, name)))
					fs.renameSync(path.join(dir, name), path.join(dir, `${name}.before-restore-${when}`));
			for (const k of m.secrets) copySecret(path.join(opts.from, k.file), path.join(dir, k.file));
			secretsKey = path.join(dir, KEY_FILE);
		}
		fs.renameSync(dbTmp, opts.dbPath);
		fsyncPath(path.dirname(opts.dbPath));
		fsyncPath(path.dirname(opts.filesDir));
	} finally {
		if (lock) lock.close();
	}
	const db = new Database(opts.dbPath, { readonly: true, fileMustExist: true });
	try {
		const check = integrity(db);
		if (check !== 'ok') throw new Error(`restored database fails integrity_check: ${check}`);
		const reports = (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
		return {
			ok: true,
			database: opts.dbPath,
			filesDir: opts.filesDir,
			keptDatabase,
			keptFiles,
			secretsKey,
			reports,
			files: m.files.count
		};
	} finally {
		db.close();
	}
}
