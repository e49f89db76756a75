/**
 * Before the journeys: build when the build is stale (scripts/launch.mjs compares the sources'
 * mtimes with build/), then make the run's template database once — a server started on a free
 * port migrates and loads a fresh file, stops; the accessibility sweep's data (tests/a11y-seed.ts:
 * a notice, an open survey, a cell in 公示 and a certified one) is added through the services; the
 * file is checkpointed into one piece. Each worker's server (tests/kit.ts) and each private server
 * (tests/harness.ts) starts from a copy. Workers find it in MIYUN_E2E_TEMPLATE, what the seed
 * made in MIYUN_E2E_SEED, and tests/in-db.ts bundled into one file in MIYUN_E2E_IN_DB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureBuild, freePort, launch, serverEnv } from '../scripts/launch.mjs';
import { bundleInDb, inDb } from './helpers';

export default async function globalSetup() {
	ensureBuild();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-e2e-template-'));
	const s = await launch({
		env: serverEnv({ port: await freePort(), dir, test: true }),
		timeoutMs: 120000,
		echo: true
	});
	await s.stop();
	const file = path.join(dir, 'miyun.db');
	const env = { DATABASE_PATH: process.env.DATABASE_PATH, FILES_DIR: process.env.FILES_DIR };
	process.env.MIYUN_E2E_IN_DB = await bundleInDb();
	const m = await inDb();
	process.env.MIYUN_E2E_SEED = JSON.stringify(await m.seed(file, path.join(dir, 'files')));
	m.close(file);
	for (const [k, v] of Object.entries(env))
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	const db = new Database(file);
	db.pragma('wal_checkpoint(TRUNCATE)');
	db.close();
	process.env.MIYUN_E2E_TEMPLATE = file;
	return async () => fs.rmSync(dir, { recursive: true, force: true });
}
