import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { sqliteVersionOk, assertSqliteVersion, MIN_SQLITE_VERSION } from './version';

describe('SQLite version floor', () => {
	it('is the WAL-reset fix, 3.51.3', () => expect(MIN_SQLITE_VERSION).toBe('3.51.3'));

	it('refuses everything before 3.51.3', () => {
		for (const v of ['3.51.2', '3.51.0', '3.50.9', '3.45.1', '3.7.0', '2.99.99'])
			expect(sqliteVersionOk(v), v).toBe(false);
	});

	it('accepts 3.51.3 and later, compared as numbers not strings', () => {
		for (const v of ['3.51.3', '3.51.10', '3.52.0', '3.53.2', '3.100.0', '4.0.0'])
			expect(sqliteVersionOk(v), v).toBe(true);
	});

	it('refuses what it cannot read', () => {
		for (const v of ['', '3.51', 'three', '3.51.x']) expect(sqliteVersionOk(v), v).toBe(false);
	});

	it('passes the bundled library, and names the version and the fix when refusing', () => {
		const db = new Database(':memory:');
		expect(sqliteVersionOk(assertSqliteVersion(db))).toBe(true);
		db.close();
		const old = { prepare: () => ({ get: () => ({ v: '3.51.2' }) }) };
		expect(() => assertSqliteVersion(old)).toThrow(/SQLite 3\.51\.2 is too old: the site needs 3\.51\.3/);
	});
});
