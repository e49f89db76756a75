/**
 * The features the app is made of, in one list, and what the app does with their manifests
 * (each feature's `index.ts`, see feature.ts): seed reference data at start-up, schedule jobs,
 * decide who may see a stored file, run the daily retention. Start-up (hooks.server.ts), the
 * CLIs (scripts/*.ts), the test database and /files/[id] all go through here; the database module
 * itself knows no feature.
 */
import type { Feature } from './feature';
import type { Job } from './scheduler';
import * as scheduler from './scheduler';
import { startupWarnings } from './outbox/senders';
import * as antivirus from './files/antivirus';
import { config } from './config';
import { getDb, openDatabase, type DB, type Executor } from './db';
import * as files from './files';
import type { SessionUser } from './auth/session';
import * as reference from './reference';
import * as sorting from './sorting';
import * as points from './points';
import * as reports from './reports';
import * as indicators from './indicators';
import * as cells from './cells';
import * as notices from './notices';
import * as surveys from './surveys';
import * as privacy from './privacy';
import { createHash } from 'node:crypto';
import * as auth from './auth';
import * as outbox from './outbox';
import * as rateLimit from './rate-limit';
import * as security from './security';
import { runSteps, type RetentionCounts } from './privacy/retention';

/**
 * In dependency order: seeds run top to bottom (reference data first: the others refer to its
 * towns, departments and categories), and so do retention steps and jobs.
 */
export const features: readonly Feature[] = [
	reference,
	sorting,
	points,
	reports,
	indicators,
	cells,
	notices,
	outbox,
	auth,
	rateLimit,
	security,
	privacy,
	surveys,
	files
];

/**
 * What the costly seeds last loaded: the features' declared inputs, their seed functions' code and
 * the number of applied migrations, hashed into SQLite's 32-bit `user_version` (no table needed;
 * 0 on a new file, so the first start always loads).
 */
export function seedFingerprint(db: DB): number {
	const h = createHash('sha256');
	const migrations = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
	h.update(String(migrations.n));
	for (const f of features)
		if (f.seed && f.seedInputs) h.update(f.seed.toString()).update(JSON.stringify(f.seedInputs()));
	return h.digest().readInt32BE(0) || 1;
}

/**
 * Load every feature's reference data into its tables (idempotent). Seeds that declare their
 * inputs are skipped while the fingerprint is unchanged: each start, CLI call and test server
 * otherwise spends a second re-checking 875 sorting items.
 */
export function seedAll(db: DB): void {
	const fp = seedFingerprint(db);
	const unchanged = db.$client.pragma('user_version', { simple: true }) === fp;
	for (const f of features) if (f.seed && !(unchanged && f.seedInputs)) f.seed(db);
	if (!unchanged) db.$client.pragma(`user_version = ${fp}`);
}

/** Open, migrate and seed a database file (the CLIs; the server uses `start`). */
export function open(file = config.databasePath, opts: { migrationsDir?: string } = {}): DB {
	const db = openDatabase(file, opts);
	seedAll(db);
	return db;
}

/** Each feature's retention step in turn, then one audit row with all the counts. */
export function runRetention(db: DB): Promise<RetentionCounts> {
	return runSteps(
		db,
		features.flatMap((f) => (f.retention ? [f.retention] : []))
	);
}

/** Every feature's jobs, and the retention run across them. */
export const jobs: readonly Job[] = [
	...features.flatMap((f) => f.jobs ?? []),
	{ name: 'privacy.retention', everySeconds: 86400, run: (db) => runRetention(db).then(() => undefined) }
];

const fileAccess: Readonly<Record<string, files.AccessRule>> = Object.assign(
	{},
	...features.map((f) => f.fileAccess ?? {})
);

/** Whether this user (or visitor) may see a stored file: its owning feature's rule decides. */
export function mayViewFile(db: Executor, file: files.StoredFile, user: SessionUser | null): boolean {
	return files.mayView(db, file, user, fileAccess);
}

/** Server start-up: the process's database migrated and seeded, the jobs scheduled. */
export function start(): DB {
	const db = getDb();
	seedAll(db);
	for (const job of jobs) scheduler.register(job);
	// messages go out right after the transaction that queued them; the scheduler only catches up
	outbox.autoDeliver(db);
	for (const w of [...startupWarnings(), ...antivirus.startupWarnings()]) console.warn(w);
	if (config.schedulerEnabled) scheduler.start(db);
	else outbox.kick(); // messages left queued by a previous run
	return db;
}
