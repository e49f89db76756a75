/**
 * The oldest SQLite the site runs on. 3.51.3 fixes a WAL-reset bug (present since 3.7.0) in which
 * a checkpoint racing with a writer that restarts the WAL could corrupt the database; every write
 * here goes through WAL, so an older library is refused at start rather than risked.
 */
export const MIN_SQLITE_VERSION = '3.51.3';

function parts(v: string): number[] | null {
	const m = /^(\d+)\.(\d+)\.(\d+)(?:\.\d+)?$/.exec(v.trim());
	return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** true when `version` (as `select sqlite_version()` prints it) is at least `min`; false when unreadable. */
export function sqliteVersionOk(version: string, min = MIN_SQLITE_VERSION): boolean {
	const have = parts(version);
	const need = parts(min);
	if (!have || !need) return false;
	for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i] > need[i];
	return true;
}

/** Throws, with what to do, unless the connection's SQLite library is new enough. */
export function assertSqliteVersion(sqlite: { prepare: (sql: string) => { get: () => unknown } }): string {
	const row = sqlite.prepare('select sqlite_version() as v').get() as { v: string };
	if (!sqliteVersionOk(row.v)) {
		throw new Error(
			`SQLite ${row.v} is too old: the site needs ${MIN_SQLITE_VERSION} or later (older versions can corrupt a WAL database). ` +
				'Install the pinned better-sqlite3 (npm ci), which bundles a newer SQLite, and do not build it against the system library.'
		);
	}
	return row.v;
}
