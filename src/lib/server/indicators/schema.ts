import { sqliteTable, text, integer, real, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema';
import { files } from '../files/schema';

/**
 * A plan period (the 2022–2025 plan now; the 2026–2030 one when the district adopts it). Plans are
 * data files under indicators/data/, loaded at start; staff figures and task updates hang off them.
 */
export const plans = sqliteTable('plans', {
	code: text('code').primaryKey(),
	titleZh: text('title_zh').notNull(),
	titleEn: text('title_en').notNull(),
	periodStart: text('period_start').notNull(),
	periodEnd: text('period_end').notNull(),
	baselineYear: integer('baseline_year').notNull(),
	targetYear: integer('target_year').notNull(),
	source: text('source').notNull(),
	/** sha-256 of the data file last loaded (reload only when it changes) */
	dataHash: text('data_hash').notNull()
});

export const planThemes = sqliteTable(
	'plan_themes',
	{
		planCode: text('plan_code')
			.notNull()
			.references(() => plans.code),
		code: text('code').notNull(),
		zh: text('zh').notNull(),
		en: text('en').notNull(),
		ord: integer('ord').notNull()
	},
	(t) => [primaryKey({ columns: [t.planCode, t.code] })]
);

export const planIndicators = sqliteTable(
	'plan_indicators',
	{
		planCode: text('plan_code')
			.notNull()
			.references(() => plans.code),
		no: integer('no').notNull(),
		level1: text('level1').notNull(),
		level1En: text('level1_en').notNull(),
		level2: text('level2').notNull(),
		level2En: text('level2_en').notNull(),
		name: text('name').notNull(),
		nameEn: text('name_en').notNull(),
		/** 必选 / 可选 / 自选 */
		type: text('type').notNull(),
		/** 约束性 / 预期性 */
		nature: text('nature').notNull(),
		baseline: text('baseline').notNull(),
		target: text('target').notNull(),
		unit: text('unit'),
		baselineValue: real('baseline_value'),
		targetKind: text('target_kind').notNull(),
		targetValue: real('target_value'),
		direction: text('direction'),
		/** department codes, JSON array */
		responsible: text('responsible', { mode: 'json' }).$type<string[]>().notNull(),
		/** names as the plan writes them, JSON array */
		responsibleRaw: text('responsible_raw', { mode: 'json' }).$type<string[]>().notNull(),
		note: text('note'),
		/** computed from the site's own records (cells, reports, perception_54…); never typed */
		live: text('live')
	},
	(t) => [primaryKey({ columns: [t.planCode, t.no] })]
);

/**
 * A recorded figure. Never updated in place: a correction is a new row naming the one it
 * supersedes (`correctsId`), and the old row gets `supersededAt`.
 */
export const indicatorValues = sqliteTable(
	'indicator_values',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		planCode: text('plan_code').notNull(),
		no: integer('no').notNull(),
		value: real('value'),
		valueText: text('value_text'),
		/** for qualitative targets: the department's own call that the target is reached */
		achieved: integer('achieved', { mode: 'boolean' }),
		/** the day the figure is for, and the period it covers (district days) */
		asOf: text('as_of').notNull(),
		periodFrom: text('period_from'),
		periodTo: text('period_to'),
		source: text('source').notNull(),
		fileId: text('file_id').references(() => files.id),
		recordedBy: text('recorded_by')
			.notNull()
			.references(() => users.id),
		recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }).notNull(),
		correctsId: integer('corrects_id'),
		correctionReason: text('correction_reason'),
		supersededAt: integer('superseded_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('indicator_values_by_indicator').on(t.planCode, t.no, t.asOf)]
);

export const planTasks = sqliteTable(
	'plan_tasks',
	{
		planCode: text('plan_code')
			.notNull()
			.references(() => plans.code),
		no: integer('no').notNull(),
		theme: text('theme').notNull(),
		task: text('task').notNull(),
		focus: text('focus'),
		subfocus: text('subfocus'),
		content: text('content').notNull(),
		lead: text('lead', { mode: 'json' }).$type<string[]>().notNull(),
		responsible: text('responsible', { mode: 'json' }).$type<string[]>().notNull(),
		leadRaw: text('lead_raw', { mode: 'json' }).$type<string[]>().notNull(),
		responsibleRaw: text('responsible_raw', { mode: 'json' }).$type<string[]>().notNull(),
		/** as written: 2025年, 2023年底, 长期 */
		deadline: text('deadline').notNull(),
		/** last district day of the deadline; null for 长期 (never overdue) */
		dueDay: text('due_day')
	},
	(t) => [primaryKey({ columns: [t.planCode, t.no] })]
);

/** A task's status over time: the latest row is the current status. */
export const taskUpdates = sqliteTable(
	'task_updates',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		planCode: text('plan_code').notNull(),
		no: integer('no').notNull(),
		status: text('status', { enum: ['not_started', 'in_progress', 'done', 'delayed'] }).notNull(),
		note: text('note').notNull(),
		day: text('day').notNull(),
		by: text('by')
			.notNull()
			.references(() => users.id),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('task_updates_by_task').on(t.planCode, t.no, t.id)]
);
