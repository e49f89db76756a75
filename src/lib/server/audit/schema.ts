import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/** Append-only (triggers refuse UPDATE and DELETE; see the custom migration). */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		actorType: text('actor_type', { enum: ['user', 'anonymous', 'system'] }).notNull(),
		actorId: text('actor_id'),
		action: text('action').notNull(),
		subjectType: text('subject_type').notNull(),
		subjectId: text('subject_id').notNull(),
		fromState: text('from_state'),
		toState: text('to_state'),
		before: text('before', { mode: 'json' }),
		after: text('after', { mode: 'json' }),
		note: text('note')
	},
	(t) => [index('audit_subject_idx').on(t.subjectType, t.subjectId), index('audit_at_idx').on(t.at)]
);
