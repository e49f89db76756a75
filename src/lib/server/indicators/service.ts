/**
 * The plan dashboard: plans, their indicators with the latest figure and status, recorded values
 * (history kept; a correction supersedes, never overwrites) and key-task status updates.
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import type { SessionUser } from '../auth/session';
import { can } from '../auth/permissions';
import * as audit from '../audit';
import * as files from '../files';
import { now } from '../clock';
import { districtDay, addDays } from '../../time/zone';
import { config } from '../config';
import { plans, planThemes, planIndicators, indicatorValues, planTasks, taskUpdates } from './schema';
import { status as statusOf, progress as progressOf, type Status, type TargetKind, type Direction } from './status';
import * as live from './live';
import type { LiveKey } from './plan-file';

type Plan = typeof plans.$inferSelect;
type IndicatorRow = typeof planIndicators.$inferSelect;
type ValueRow = typeof indicatorValues.$inferSelect;

export function listPlans(db: Executor): Plan[] {
	return db.select().from(plans).orderBy(desc(plans.periodStart)).all();
}

/**
 * The plan a visitor sees first: the one whose period includes today; failing that the one that
 * ended most recently (late 2026: the completed 2022–2025 plan until the next one is loaded).
 */
export function currentPlan(db: Executor, today = districtDay(now())): Plan | undefined {
	const all = listPlans(db);
	return (
		all.find((p) => p.periodStart <= today && today <= p.periodEnd) ??
		all.filter((p) => p.periodEnd < today).sort((a, b) => b.periodEnd.localeCompare(a.periodEnd))[0] ??
		all.at(-1)
	);
}

export function getPlan(db: Executor, code: string | null | undefined): Plan | undefined {
	if (!code) return currentPlan(db);
	return db.select().from(plans).where(eq(plans.code, code)).get();
}

export function themes(db: Executor, planCode: string) {
	return db.select().from(planThemes).where(eq(planThemes.planCode, planCode)).orderBy(asc(planThemes.ord)).all();
}

export interface Latest {
	value: number | null;
	valueText: string | null;
	achieved: boolean | null;
	date: string;
	source: string;
	live: boolean;
	records?: number;
	from?: string | null;
	to?: string | null;
	ciLow?: number | null;
	ciHigh?: number | null;
	href?: string;
	fileId?: string | null;
	/** survey estimates (54–56): weighted or not, the unweighted rate beside it, flagged and excluded counts */
	survey?: live.SurveyFacts;
}

export interface IndicatorView {
	row: IndicatorRow;
	latest: Latest | null;
	status: Status;
	progress: number | null;
	/** current (not superseded) values, oldest first */
	history: { asOf: string; value: number | null }[];
	/** a finished plan's latest figure is from outside its period (+ grace): shown, not what decided its status */
	outsidePeriod: boolean;
}

function latestOf(vals: ValueRow[]): ValueRow | undefined {
	return vals
		.filter((v) => !v.supersededAt)
		.sort((a, b) => a.asOf.localeCompare(b.asOf) || a.id - b.id)
		.at(-1);
}

const fromRow = (l: ValueRow): Latest => ({
	value: l.value,
	valueText: l.valueText,
	achieved: l.achieved,
	date: l.asOf,
	source: l.source,
	live: false,
	from: l.periodFrom,
	to: l.periodTo,
	fileId: l.fileId
});

function view(
	db: Executor,
	plan: Plan,
	row: IndicatorRow,
	vals: ValueRow[],
	today: string,
	cache: Map<string, unknown> = new Map()
): IndicatorView {
	let latest: Latest | null = null;
	let history: { asOf: string; value: number | null }[] = [];
	if (row.live) {
		const f = live.compute(db, row.live as LiveKey, cache);
		latest =
			f.value === null
				? null
				: {
						value: f.value,
						valueText: null,
						achieved: null,
						date: f.date,
						source: 'live',
						live: true,
						records: f.records,
						from: f.from,
						to: f.to,
						ciLow: f.ciLow,
						ciHigh: f.ciHigh,
						href: f.href,
						...(f.survey ? { survey: f.survey } : {})
					};
	} else {
		const current = vals.filter((v) => !v.supersededAt).sort((a, b) => a.asOf.localeCompare(b.asOf) || a.id - b.id);
		history = current.map((v) => ({ asOf: v.asOf, value: v.value }));
		const l = latestOf(vals);
		if (l) latest = fromRow(l);
	}
	// A finished plan is judged on its own period only: records dated within it or within the stated
	// grace after it (final-year statistics are published the next year). A live figure
	// computed now (2026 reports, today's cells) is still shown, but never decides a 2022–2025 standing.
	let judged = latest;
	const ended = today > plan.periodEnd;
	if (ended) {
		const lastDay = addDays(plan.periodEnd, config.planGraceDays);
		const inPeriod = latestOf(vals.filter((v) => v.asOf <= lastDay));
		judged = inPeriod ? fromRow(inPeriod) : null;
	}
	const target = {
		targetKind: row.targetKind as TargetKind,
		targetValue: row.targetValue,
		direction: row.direction as Direction,
		baselineValue: row.baselineValue
	};
	let st = statusOf(target, judged && { value: judged.value, achieved: judged.achieved, asOf: judged.date }, {
		baselineYear: plan.baselineYear,
		periodEnd: plan.periodEnd,
		today
	});
	// indicator 52 from a handful of reports says nothing: the figure is shown with 样本不足
	const tooFew =
		row.live === 'reports_resolution_rate' && !!judged?.live && (judged.records ?? 0) < config.indicator52MinReports;
	if (tooFew) st = 'too_few';
	return {
		row,
		latest,
		status: st,
		progress: judged?.value == null || tooFew ? null : progressOf(target, judged.value),
		history,
		outsidePeriod: !!latest && latest !== judged
	};
}

export interface IndicatorFilter {
	department?: string | null;
	nature?: string | null;
}

export function indicators(
	db: Executor,
	plan: Plan,
	f: IndicatorFilter = {},
	today = districtDay(now())
): IndicatorView[] {
	const rows = db
		.select()
		.from(planIndicators)
		.where(eq(planIndicators.planCode, plan.code))
		.orderBy(asc(planIndicators.no))
		.all();
	const vals = db.select().from(indicatorValues).where(eq(indicatorValues.planCode, plan.code)).all();
	const byNo = new Map<number, ValueRow[]>();
	for (const v of vals) byNo.set(v.no, [...(byNo.get(v.no) ?? []), v]);
	const cache = new Map<string, unknown>();
	return rows
		.filter((r) => (!f.department || r.responsible.includes(f.department)) && (!f.nature || r.nature === f.nature))
		.map((r) => view(db, plan, r, byNo.get(r.no) ?? [], today, cache));
}

export function indicator(
	db: Executor,
	plan: Plan,
	no: number,
	today = districtDay(now())
): (IndicatorView & { values: ValueRow[] }) | undefined {
	const row = db
		.select()
		.from(planIndicators)
		.where(and(eq(planIndicators.planCode, plan.code), eq(planIndicators.no, no)))
		.get();
	if (!row) return undefined;
	const values = db
		.select()
		.from(indicatorValues)
		.where(and(eq(indicatorValues.planCode, plan.code), eq(indicatorValues.no, no)))
		.orderBy(desc(indicatorValues.asOf), desc(indicatorValues.id))
		.all();
	return { ...view(db, plan, row, values, today), values };
}

// ---------- recording figures ----------

export interface ValueInput {
	value: number | null;
	valueText: string | null;
	achieved: boolean | null;
	asOf: string;
	periodFrom: string | null;
	periodTo: string | null;
	source: string;
	correctsId: number | null;
	correctionReason: string | null;
	document: files.PreparedFile | null;
}

export type RecordError = 'not_found' | 'forbidden' | 'live' | 'value_required' | 'not_current';

/**
 * Records a figure (or a correction of one). Outcomes: `{ ok, id }`; `not_found` (no such plan,
 * indicator or corrected value); `forbidden` (not staff of a responsible department); `live`
 * (computed from the site's records, never typed); `value_required` (a numeric target needs a
 * number, a qualitative one a statement); `not_current` (correcting a value already superseded).
 */
export function recordValue(
	db: DB,
	user: SessionUser,
	planCode: string,
	no: number,
	input: ValueInput
): { ok: true; id: number } | { ok: false; error: RecordError } {
	const row = db
		.select()
		.from(planIndicators)
		.where(and(eq(planIndicators.planCode, planCode), eq(planIndicators.no, no)))
		.get();
	if (!row) return { ok: false, error: 'not_found' };
	if (!can(user, 'indicators.record', { departments: row.responsible })) return { ok: false, error: 'forbidden' };
	if (row.live) return { ok: false, error: 'live' };
	const qualitative = row.targetKind === 'qualitative';
	if (qualitative ? !input.valueText && input.value === null : input.value === null)
		return { ok: false, error: 'value_required' };
	return db.transaction((tx) => {
		let corrected: ValueRow | undefined;
		if (input.correctsId !== null) {
			corrected = tx
				.select()
				.from(indicatorValues)
				.where(
					and(
						eq(indicatorValues.id, input.correctsId),
						eq(indicatorValues.planCode, planCode),
						eq(indicatorValues.no, no)
					)
				)
				.get();
			if (!corrected) return { ok: false as const, error: 'not_found' as const };
			if (corrected.supersededAt) return { ok: false as const, error: 'not_current' as const };
		}
		const at = now();
		const inserted = tx
			.insert(indicatorValues)
			.values({
				planCode,
				no,
				value: input.value,
				valueText: input.valueText,
				achieved: qualitative ? !!input.achieved : null,
				asOf: input.asOf,
				periodFrom: input.periodFrom,
				periodTo: input.periodTo,
				source: input.source,
				fileId: null,
				recordedBy: user.id,
				recordedAt: at,
				correctsId: input.correctsId,
				correctionReason: input.correctionReason
			})
			.returning({ id: indicatorValues.id })
			.get();
		if (input.document) {
			files.attach(tx, input.document, 'indicators', String(inserted.id));
			tx.update(indicatorValues).set({ fileId: input.document.id }).where(eq(indicatorValues.id, inserted.id)).run();
		}
		if (corrected)
			tx.update(indicatorValues)
				.set({ supersededAt: at })
				.where(and(eq(indicatorValues.id, corrected.id), isNull(indicatorValues.supersededAt)))
				.run();
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: corrected ? 'indicator.value_corrected' : 'indicator.value_recorded',
			subject: { type: 'indicator', id: `${planCode}/${no}` },
			before: corrected
				? { id: corrected.id, value: corrected.value, valueText: corrected.valueText, asOf: corrected.asOf }
				: null,
			after: {
				id: inserted.id,
				value: input.value,
				valueText: input.valueText,
				asOf: input.asOf,
				source: input.source
			},
			note: input.correctionReason
		});
		return { ok: true as const, id: inserted.id };
	});
}

// Source documents of published figures are public, like the figures themselves.
export const fileAccess: Record<string, files.AccessRule> = {
	indicators: (db, file) =>
		!!db.select({ id: indicatorValues.id }).from(indicatorValues).where(eq(indicatorValues.fileId, file.id)).get()
};

// ---------- key tasks ----------

export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'delayed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
type TaskRow = typeof planTasks.$inferSelect;
type UpdateRow = typeof taskUpdates.$inferSelect;

/** What the public sees: a reported status, or `not_reported` (未填报) while the department has said nothing. */
export type TaskShownStatus = TaskStatus | 'not_reported';

export interface TaskView {
	row: TaskRow;
	current: UpdateRow | null;
	status: TaskShownStatus;
	/**
	 * derived, never set: the department reported it as not done and its due day has passed
	 * (长期 is never overdue; a task nobody has reported on is 未填报, not 逾期)
	 */
	overdue: boolean;
}

export function isOverdue(dueDay: string | null, status: TaskShownStatus, today: string): boolean {
	return !!dueDay && today > dueDay && status !== 'done' && status !== 'not_reported';
}

/** A task under the theme and department filters (the department leads it or shares it). */
export function taskMatches(r: TaskRow, f: { department?: string | null; theme?: string | null }): boolean {
	return (
		(!f.theme || r.theme === f.theme) &&
		(!f.department || r.lead.includes(f.department) || r.responsible.includes(f.department))
	);
}

export function tasks(
	db: Executor,
	plan: Plan,
	f: { department?: string | null; theme?: string | null } = {},
	today = districtDay(now())
): TaskView[] {
	const rows = db.select().from(planTasks).where(eq(planTasks.planCode, plan.code)).orderBy(asc(planTasks.no)).all();
	const ups = db
		.select()
		.from(taskUpdates)
		.where(eq(taskUpdates.planCode, plan.code))
		.orderBy(asc(taskUpdates.id))
		.all();
	const latest = new Map<number, UpdateRow>();
	for (const u of ups) latest.set(u.no, u);
	return rows
		.filter((r) => taskMatches(r, f))
		.map((row) => {
			const current = latest.get(row.no) ?? null;
			const status: TaskShownStatus = current ? (current.status as TaskStatus) : 'not_reported';
			return { row, current, status, overdue: isOverdue(row.dueDay, status, today) };
		});
}

export function taskHistory(db: Executor, planCode: string, no: number): UpdateRow[] {
	return db
		.select()
		.from(taskUpdates)
		.where(and(eq(taskUpdates.planCode, planCode), eq(taskUpdates.no, no)))
		.orderBy(desc(taskUpdates.id))
		.all();
}

/** Sets a task's status with a public note. Outcomes: ok; `not_found`; `forbidden` (not its lead department). */
export function updateTask(
	db: DB,
	user: SessionUser,
	planCode: string,
	no: number,
	input: { status: TaskStatus; note: string; day: string }
): { ok: true } | { ok: false; error: 'not_found' | 'forbidden' } {
	const row = db
		.select()
		.from(planTasks)
		.where(and(eq(planTasks.planCode, planCode), eq(planTasks.no, no)))
		.get();
	if (!row) return { ok: false, error: 'not_found' };
	if (!can(user, 'tasks.update', { departments: row.lead })) return { ok: false, error: 'forbidden' };
	db.transaction((tx) => {
		const prev = tx
			.select()
			.from(taskUpdates)
			.where(and(eq(taskUpdates.planCode, planCode), eq(taskUpdates.no, no)))
			.orderBy(desc(taskUpdates.id))
			.limit(1)
			.get();
		tx.insert(taskUpdates)
			.values({ planCode, no, status: input.status, note: input.note, day: input.day, by: user.id, at: now() })
			.run();
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'task.status_set',
			subject: { type: 'plan_task', id: `${planCode}/${no}` },
			from: prev?.status ?? 'not_started',
			to: input.status,
			note: input.note
		});
	});
	return { ok: true };
}

/** Whether this user may record figures for this indicator / update this task (for showing forms). */
export function mayRecord(user: SessionUser | null, row: IndicatorRow): boolean {
	return !row.live && can(user, 'indicators.record', { departments: row.responsible });
}
export function mayUpdateTask(user: SessionUser | null, row: TaskRow): boolean {
	return can(user, 'tasks.update', { departments: row.lead });
}

/** The home page's four figures from the current plan: cells (44), 办结率 (52), satisfaction (56), recycling (30). */
export const HEADLINE_NOS = [44, 52, 56, 30];
export function headlines(db: Executor, today = districtDay(now())) {
	const plan = currentPlan(db, today);
	if (!plan) return [];
	const all = indicators(db, plan, {}, today);
	return HEADLINE_NOS.map((no) => all.find((v) => v.row.no === no)).filter((v): v is IndicatorView => !!v);
}
