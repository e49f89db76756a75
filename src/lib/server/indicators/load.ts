/**
 * Loading plans. The plans shipped in indicators/data/ are loaded at start (idempotent: only when
 * the file's hash changed); another plan is loaded from its file with `npm run plan:load -- --file F`
 * — data work, not code. Definitions are replaced; recorded values and task updates are kept
 * (they refer to a plan code and a number).
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { plans, planThemes, planIndicators, planTasks } from './schema';
import { planFileSchema, departmentCode, dueDay, type PlanFile } from './plan-file';
import miyun2022 from './data/miyun-2022-2025.json';

type AnyDb = BetterSQLite3Database<Record<string, unknown>>;

/** The plans that ship with the site. */
export const SHIPPED_PLANS: unknown[] = [miyun2022];

export type LoadResult =
	{ ok: true; code: string; changed: boolean; indicators: number; tasks: number } | { ok: false; errors: string[] };

const codesOf = (names: string[]) => [...new Set(names.map((n) => departmentCode(n)!))];

export function loadPlan(db: AnyDb, raw: unknown): LoadResult {
	const parsed = planFileSchema.safeParse(raw);
	if (!parsed.success)
		return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
	const f: PlanFile = parsed.data;
	const hash = createHash('sha256').update(JSON.stringify(f)).digest('hex');
	const existing = db.select({ h: plans.dataHash }).from(plans).where(eq(plans.code, f.plan.code)).get();
	if (existing?.h === hash)
		return { ok: true, code: f.plan.code, changed: false, indicators: f.indicators.length, tasks: f.tasks.length };
	const l1 = new Map(f.level1.map((l) => [l.zh, l.en]));
	const l2 = new Map(f.level2.map((l) => [`${l.level1}/${l.zh}`, l.en]));
	db.transaction((tx) => {
		const p = { ...f.plan, dataHash: hash };
		tx.insert(plans).values(p).onConflictDoUpdate({ target: plans.code, set: p }).run();
		tx.delete(planThemes).where(eq(planThemes.planCode, f.plan.code)).run();
		tx.delete(planIndicators).where(eq(planIndicators.planCode, f.plan.code)).run();
		tx.delete(planTasks).where(eq(planTasks.planCode, f.plan.code)).run();
		f.themes.forEach((t, ord) =>
			tx.insert(planThemes).values({ planCode: f.plan.code, code: t.code, zh: t.zh, en: t.en, ord }).run()
		);
		for (const i of f.indicators)
			tx.insert(planIndicators)
				.values({
					planCode: f.plan.code,
					no: i.no,
					level1: i.level1,
					level1En: l1.get(i.level1)!,
					level2: i.level2,
					level2En: l2.get(`${i.level1}/${i.level2}`)!,
					name: i.name,
					nameEn: i.nameEn,
					type: i.type,
					nature: i.nature,
					baseline: i.baseline,
					target: i.target,
					unit: i.unit,
					baselineValue: i.baselineValue,
					targetKind: i.targetKind,
					targetValue: i.targetValue,
					direction: i.direction,
					responsible: codesOf(i.responsible),
					responsibleRaw: i.responsible,
					note: i.note ?? null,
					live: i.live ?? null
				})
				.run();
		for (const t of f.tasks)
			tx.insert(planTasks)
				.values({
					planCode: f.plan.code,
					no: t.no,
					theme: t.theme,
					task: t.task,
					focus: t.focus,
					subfocus: t.subfocus,
					content: t.content,
					lead: codesOf(t.lead),
					responsible: codesOf(t.responsible),
					leadRaw: t.lead,
					responsibleRaw: t.responsible,
					deadline: t.deadline,
					dueDay: dueDay(t.deadline) ?? null
				})
				.run();
	});
	return { ok: true, code: f.plan.code, changed: true, indicators: f.indicators.length, tasks: f.tasks.length };
}

/** Start-up: the shipped plans; a broken shipped file is a programming error. */
export function loadShippedPlans(db: AnyDb): void {
	for (const raw of SHIPPED_PLANS) {
		const r = loadPlan(db, raw);
		if (!r.ok) throw new Error(`shipped plan file is invalid:\n${r.errors.join('\n')}`);
	}
}
