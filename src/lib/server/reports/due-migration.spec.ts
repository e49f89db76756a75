import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

/** The migration that turned `reports.due_day` (a district day) into `due_at` (an instant). */
const TAG = '0016_wise_gwen_stacy';

describe('migration: reports.due_day → due_at', () => {
	it('converts an existing deadline day to 23:59:59 Asia/Shanghai on that day, and keeps none as none', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'due-mig-'));
		try {
			// the migrations before this one, as a database of that time had them
			const before = path.join(dir, 'drizzle');
			fs.cpSync(path.resolve('drizzle'), before, { recursive: true });
			const journal = JSON.parse(fs.readFileSync(path.join(before, 'meta/_journal.json'), 'utf8'));
			const at = journal.entries.findIndex((e: { tag: string }) => e.tag === TAG);
			expect(at).toBeGreaterThan(0);
			journal.entries = journal.entries.slice(0, at);
			fs.writeFileSync(path.join(before, 'meta/_journal.json'), JSON.stringify(journal));
			const sqlite = new Database(path.join(dir, 'old.db'));
			migrate(drizzle(sqlite), { migrationsFolder: before });
			const insert = sqlite.prepare(
				`insert into reports (code, category, description, lat, lng, town_code, zone_kind, status, locale, created_at, due_day)
				 values (?, 'litter', 'x', 40.4, 116.8, 'gulou', 'town', 'accepted', 'zh-CN', 0, ?)`
			);
			insert.run('AAAAAAAA', '2025-10-09');
			insert.run('BBBBBBBB', null);
			migrate(drizzle(sqlite), { migrationsFolder: path.resolve('drizzle') });
			const rows = sqlite.prepare('select code, due_at from reports order by code').all() as {
				code: string;
				due_at: number | null;
			}[];
			expect(rows[0].due_at).toBe(Date.parse('2025-10-09T23:59:59+08:00'));
			expect(rows[1].due_at).toBeNull();
			expect(
				sqlite.prepare(`select count(*) n from pragma_table_info('reports') where name = 'due_day'`).get()
			).toEqual({
				n: 0
			});
			sqlite.close();
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
