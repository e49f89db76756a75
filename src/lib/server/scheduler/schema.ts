import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';

/** One row per job: when it last ran and who holds it now (so two processes never run it twice). */
export const jobs = sqliteTable('jobs', {
	name: text('name').primaryKey(),
	lastRunAt: integer('last_run_at', { mode: 'timestamp_ms' }),
	nextRunAt: integer('next_run_at', { mode: 'timestamp_ms' }).notNull(),
	lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
	lastError: text('last_error')
});

/** Work items a job has done, keyed so that a rerun never does the same item twice. */
export const jobRuns = sqliteTable(
	'job_runs',
	{
		job: text('job').notNull(),
		key: text('key').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.job, t.key] })]
);
