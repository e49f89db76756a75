/**
 * A real SQLite file in a fresh temporary folder, made the process's database for the test. Files
 * go to a temporary folder too. The file is a copy of the run's template (testing/template.ts:
 * migrated and loaded with reference data once per run), opened with the same pragmas as
 * openDatabase; without a template (a spec run outside vitest's config) it is migrated and loaded
 * here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { inject } from 'vitest';
import { openDatabase, setDb, type DB } from '../db';
import { seedAll } from '../app';
import { resetClock } from '../clock';

export interface TestDb {
	db: DB;
	dir: string;
	close: () => void;
}

function templatePath(): string | undefined {
	try {
		return inject('templateDb');
	} catch {
		return undefined;
	}
}

/** The template's copy, opened as openDatabase opens a file (it is migrated and loaded already). */
function openCopy(template: string, file: string): DB {
	fs.copyFileSync(template, file);
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = FULL');
	return drizzle(sqlite) as DB;
}

export function createTestDb(): TestDb {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-test-'));
	process.env.FILES_DIR = path.join(dir, 'files');
	const file = path.join(dir, 'test.db');
	const template = templatePath();
	let db: DB;
	if (template && fs.existsSync(template)) db = openCopy(template, file);
	else {
		db = openDatabase(file, { migrationsDir: path.resolve('drizzle') });
		seedAll(db);
	}
	setDb(db);
	return {
		db,
		dir,
		close: () => {
			setDb(null);
			resetClock();
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
