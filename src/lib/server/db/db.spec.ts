import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDb, type TestDb } from '../testing/db';
import { openDatabase, ping } from './index';
import * as app from '../app';
import { towns, departments, wasteCategories } from '../reference/schema';
import { DEPARTMENTS, TOWNS } from '../reference';
import codes from '../reference/codes.json'; // the copy itself, compared with ../shared below

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());

describe('database', () => {
	it('opens with WAL, synchronous FULL, foreign keys and a busy timeout', () => {
		expect(t.db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(t.db.$client.pragma('synchronous', { simple: true })).toBe(2); // FULL
		expect(t.db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(t.db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
		expect(ping()).toBe(true);
	});

	it('loads the 20 towns + park, every department and the waste categories, idempotently', () => {
		expect(t.db.select().from(towns).all()).toHaveLength(21);
		expect(t.db.select().from(departments).all()).toHaveLength(DEPARTMENTS.length);
		expect(
			t.db
				.select()
				.from(wasteCategories)
				.all()
				.map((c) => c.code)
		).toEqual(['kitchen', 'recyclable', 'hazardous', 'other', 'bulky', 'renovation', 'special']);
		const again = app.open(path.join(t.dir, 'test.db'), { migrationsDir: path.resolve('drizzle') });
		expect(again.select().from(towns).all()).toHaveLength(21);
		again.$client.close();
	});

	it('opens without knowing any feature (features seed themselves through app.ts)', () => {
		const src = fs.readFileSync(path.resolve('src/lib/server/db/index.ts'), 'utf8');
		const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
		expect(imports.filter((i) => i.startsWith('../') && i !== '../config')).toEqual([]);
	});

	it('places every town centre inside the district', () => {
		for (const town of t.db.select().from(towns).all()) {
			expect(town.lng).toBeGreaterThan(116.65);
			expect(town.lng).toBeLessThan(117.51);
			expect(town.lat).toBeGreaterThan(40.21);
			expect(town.lat).toBeLessThan(40.8);
		}
	});

	it('keeps its copy of codes.json identical to the shared vocabulary (when ../shared is present)', () => {
		const shared = path.resolve('../shared/codes.json');
		if (!fs.existsSync(shared)) {
			expect(TOWNS).toHaveLength(21);
			return;
		}
		expect(codes).toEqual(JSON.parse(fs.readFileSync(shared, 'utf8')));
	});

	it('answers ping false when the database is gone', () => {
		t.db.$client.close();
		expect(ping()).toBe(false);
		t.db = openDatabase(path.join(t.dir, 'test.db'), { migrationsDir: path.resolve('drizzle') });
	});
});
