/**
 * vitest's globalSetup: one migrated, seeded database file per run (the template). Each test's
 * createTestDb copies it instead of migrating and loading reference data again (0.3–1.8 s each).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db';
import { seedAll } from '../app';

declare module 'vitest' {
	export interface ProvidedContext {
		templateDb: string;
	}
}

export default function setup(project: TestProject) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-template-'));
	const file = path.join(dir, 'template.db');
	const db = openDatabase(file, { migrationsDir: path.resolve('drizzle') });
	seedAll(db);
	// everything into the main file, so copying that one file copies the whole database
	db.$client.pragma('wal_checkpoint(TRUNCATE)');
	db.$client.close();
	project.provide('templateDb', file);
	return () => fs.rmSync(dir, { recursive: true, force: true });
}
