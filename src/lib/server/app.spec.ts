import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as app from './app';
import { createTestDb } from './testing/db';

function walk(dir: string): string[] {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('the app and its features', () => {
	it('schedules every feature job once, the retention run included', () => {
		const names = app.jobs.map((j) => j.name);
		expect(new Set(names).size).toBe(names.length);
		expect([...names].sort()).toEqual([
			'account_tokens.prune',
			'cells.expiry',
			'cells.info_reminders',
			'files.prune_orphans',
			'outbox.deliver',
			'outbox.prune_bodies',
			'privacy.retention',
			'rate_limits.prune',
			'reports.deadlines',
			'reports.staff_digest',
			'sessions.prune',
			'surveys.purge_unfinished'
		]);
	});

	it('has an access rule for every feature that stores files, and seeds reference data first', () => {
		const rules = Object.assign({}, ...app.features.map((f) => f.fileAccess ?? {}));
		expect(Object.keys(rules).sort()).toEqual(['cells', 'indicators', 'notices', 'reports', 'reports-original']);
		expect(app.features[0].seed).toBeDefined();
		expect(app.features.filter((f) => f.retention)).toHaveLength(4);
	});

	it('keeps routes thin: no route imports drizzle or a feature schema', () => {
		const offenders = walk(path.resolve('src/routes'))
			.filter((f) => /\.(ts|svelte)$/.test(f))
			.filter((f) => /from '(drizzle-orm[^']*|\$lib\/server\/[a-z-]+\/schema)'/.test(fs.readFileSync(f, 'utf8')));
		expect(offenders).toEqual([]);
	});

	it('opens the database knowing no feature: db/index.ts imports only its own helpers and packages', () => {
		const src = fs.readFileSync(path.resolve('src/lib/server/db/index.ts'), 'utf8');
		const local = [...src.matchAll(/^import[^;]*from '(\.[^']*)'/gm)].map((m) => m[1]);
		expect(local).toEqual(['../config', './version']);
	});

	it('loads the costly reference data again only when its inputs, its code or the migrations changed', () => {
		const t = createTestDb();
		try {
			const sql = t.db.$client;
			const zh = () =>
				(sql.prepare("select zh from sorting_items where slug = 'aa-batteries'").get() as { zh: string }).zh;
			const before = zh();
			expect(sql.pragma('user_version', { simple: true })).toBe(app.seedFingerprint(t.db));
			// a row changed behind the seed's back stays changed while the inputs are unchanged…
			sql.prepare("update sorting_items set zh = 'changed' where slug = 'aa-batteries'").run();
			app.seedAll(t.db);
			expect(zh()).toBe('changed');
			// …and a changed fingerprint (new inputs, seed code or migration) loads them again
			sql.pragma('user_version = 7');
			app.seedAll(t.db);
			expect(zh()).toBe(before);
			expect(sql.pragma('user_version', { simple: true })).toBe(app.seedFingerprint(t.db));
		} finally {
			t.close();
		}
	});
});
