/**
 * The database: one SQLite file (DATABASE_PATH, default data/miyun.db) opened once per process,
 * WAL + synchronous FULL + foreign keys + busy timeout, migrated on first open. Refuses an SQLite
 * library older than 3.51.3 (version.ts). It knows no feature: reference data is loaded by the
 * features' manifests through app.ts (`seedAll`) at start-up, and queries name the tables from
 * each feature's own schema module (db/schema.ts gathers them for drizzle-kit only).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { config } from '../config';
import { assertSqliteVersion } from './version';

export type DB = BetterSQLite3Database & { $client: Database.Database };
/** What a service function receives inside `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];
/** Either the database or an open transaction: read helpers accept both. */
export type Executor = DB | Tx;

let current: DB | null = null;

/** Open (creating folders and file as needed), set pragmas, migrate. */
export function openDatabase(file: string, opts: { migrationsDir?: string } = {}): DB {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
	const sqlite = new Database(file);
	try {
		assertSqliteVersion(sqlite);
	} catch (e) {
		sqlite.close();
		throw e;
	}
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// FULL: a commit is on disk before the visitor sees its acknowledgement (tracking code, "thank
	// you"), power loss included; NORMAL could lose the last acknowledged reports. README: Durability.
	sqlite.pragma('synchronous = FULL');
	const db = drizzle(sqlite) as DB;
	migrate(db, { migrationsFolder: opts.migrationsDir ?? config.migrationsDir });
	return db;
}

/** The process's database, opened on first use. */
export function getDb(): DB {
	if (!current) current = openDatabase(config.databasePath);
	return current;
}

/** Tests: use this database as the process's database. */
export function setDb(db: DB | null): void {
	current = db;
}

/** true when the database answers a trivial query */
export function ping(): boolean {
	try {
		const row = getDb().$client.prepare('select 1 as ok').get() as { ok: number } | undefined;
		return row?.ok === 1;
	} catch {
		return false;
	}
}
