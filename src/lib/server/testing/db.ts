/**
 * A real SQLite file in a fresh temporary folder, migrated and loaded with reference data, made
 * the process's database for the test. Files go to a temporary folder too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, setDb, type DB } from '../db';
import { seedAll } from '../app';
import { resetClock } from '../clock';

export interface TestDb {
	db: DB;
	dir: string;
	close: () => void;
}

export function createTestDb(): TestDb {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-test-'));
	process.env.FILES_DIR = path.join(dir, 'files');
	const db = openDatabase(path.join(dir, 'test.db'), { migrationsDir: path.resolve('drizzle') });
	seedAll(db);
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
