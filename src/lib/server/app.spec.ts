import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as app from './app';

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
});
