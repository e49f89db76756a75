/**
 * The format of a plan data file (see indicators/data/*.json and README "Loading a plan"), checked
 * with zod before anything is written. Department names are kept as the plan writes them and
 * mapped to codes through codes.json (its aliases cover 相关镇 and the like).
 */
import { z } from 'zod';
import { ALIASES, DEPARTMENTS } from '../reference';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const kind = z.enum(['percent', 'count', 'ceiling', 'floor', 'keep', 'quantity', 'qualitative']);
export const LIVE_KEYS = [
	'cells_certified',
	'reports_resolution_rate',
	'perception_54',
	'perception_55',
	'perception_56'
] as const;
export type LiveKey = (typeof LIVE_KEYS)[number];

export const planFileSchema = z
	.object({
		plan: z.object({
			code: z.string().regex(/^[a-z0-9-]{3,40}$/),
			titleZh: z.string().min(1),
			titleEn: z.string().min(1),
			periodStart: day,
			periodEnd: day,
			baselineYear: z.number().int(),
			targetYear: z.number().int(),
			source: z.string().min(1)
		}),
		themes: z
			.array(
				z.object({
					code: z.string().regex(/^[a-z_]+$/),
					zh: z.string(),
					en: z.string(),
					spellings: z.array(z.string()).min(1)
				})
			)
			.min(1),
		level1: z.array(z.object({ zh: z.string(), en: z.string() })),
		level2: z.array(z.object({ level1: z.string(), zh: z.string(), en: z.string() })),
		indicators: z
			.array(
				z.object({
					no: z.number().int().positive(),
					level1: z.string(),
					level2: z.string(),
					name: z.string().min(1),
					nameEn: z.string().min(1),
					type: z.string(),
					nature: z.string(),
					baseline: z.string(),
					target: z.string(),
					unit: z.string().nullable(),
					baselineValue: z.number().nullable(),
					targetKind: kind,
					targetValue: z.number().nullable(),
					direction: z.enum(['up', 'down', 'keep']).nullable(),
					responsible: z.array(z.string()).min(1),
					note: z.string().optional(),
					live: z.enum(LIVE_KEYS).optional()
				})
			)
			.min(1),
		tasks: z.array(
			z.object({
				no: z.number().int().positive(),
				theme: z.string(),
				task: z.string(),
				focus: z.string().nullable(),
				subfocus: z.string().nullable(),
				content: z.string().min(1),
				lead: z.array(z.string()).min(1),
				responsible: z.array(z.string()),
				deadline: z.string().min(1)
			})
		)
	})
	.superRefine((f, ctx) => {
		const themes = new Set(f.themes.map((t) => t.code));
		const l1 = new Set(f.level1.map((l) => l.zh));
		const l2 = new Set(f.level2.map((l) => `${l.level1}/${l.zh}`));
		const seen = new Set<number>();
		f.indicators.forEach((i, k) => {
			if (seen.has(i.no))
				ctx.addIssue({ code: 'custom', path: ['indicators', k, 'no'], message: `duplicate indicator ${i.no}` });
			seen.add(i.no);
			if (!l1.has(i.level1) || !l2.has(`${i.level1}/${i.level2}`))
				ctx.addIssue({ code: 'custom', path: ['indicators', k], message: `unknown group ${i.level1}/${i.level2}` });
			if (i.targetKind !== 'qualitative' && i.targetValue === null)
				ctx.addIssue({
					code: 'custom',
					path: ['indicators', k, 'targetValue'],
					message: 'numeric target without a value'
				});
			for (const d of i.responsible)
				if (!departmentCode(d))
					ctx.addIssue({ code: 'custom', path: ['indicators', k, 'responsible'], message: `unknown department ${d}` });
		});
		const seenT = new Set<number>();
		f.tasks.forEach((t, k) => {
			if (seenT.has(t.no))
				ctx.addIssue({ code: 'custom', path: ['tasks', k, 'no'], message: `duplicate task ${t.no}` });
			seenT.add(t.no);
			if (!themes.has(t.theme))
				ctx.addIssue({ code: 'custom', path: ['tasks', k, 'theme'], message: `unknown theme ${t.theme}` });
			if (dueDay(t.deadline) === undefined)
				ctx.addIssue({ code: 'custom', path: ['tasks', k, 'deadline'], message: `unreadable deadline ${t.deadline}` });
			for (const d of [...t.lead, ...t.responsible])
				if (!departmentCode(d))
					ctx.addIssue({ code: 'custom', path: ['tasks', k], message: `unknown department ${d}` });
		});
	});
export type PlanFile = z.infer<typeof planFileSchema>;

/**
 * Group codes for the plan's loose names. A task led by 相关镇 may be updated by any town's
 * staff; 第三方调查 is a survey, not a department.
 */
export const GROUP_CODES = ['towns_concerned', 'all_towns', 'departments_concerned', 'survey'] as const;
const GROUPS: Record<string, string> = {
	相关镇: 'towns_concerned',
	相关镇街: 'towns_concerned',
	'相关镇街（地区）': 'towns_concerned',
	'各镇街（地区）': 'all_towns',
	相关部门: 'departments_concerned',
	第三方调查: 'survey',
	// the plan's coordinating working group, convened by 区生态环境局 (codes.json aliases)
	区生态文明委土壤污染综合防控工作小组成员单位: 'ecology_environment'
};
const byName = new Map<string, string>(DEPARTMENTS.map((d) => [d.zh, d.code]));
const aliases = ALIASES as Record<string, string>;

/** A department name as the plan writes it → its code (or a group code); undefined if unknown. */
export function departmentCode(name: string): string | undefined {
	const n = name.trim();
	if (byName.has(n)) return byName.get(n);
	if (GROUPS[n]) return GROUPS[n];
	const a = aliases[n];
	if (a && byName.has(a)) return a;
	if (a && DEPARTMENTS.some((d) => d.code === a)) return a;
	return undefined;
}

/**
 * The last district day of a deadline as the plan writes it: "2025年" and "2023年底" both mean the
 * end of that year, "2024年6月" the end of that month; 长期 (ongoing) has none (null: never overdue).
 * undefined when unreadable.
 */
export function dueDay(deadline: string): string | null | undefined {
	const d = deadline.trim();
	if (/^长期/.test(d)) return null;
	let m = /^(\d{4})年(底|末)?$/.exec(d);
	if (m) return `${m[1]}-12-31`;
	m = /^(\d{4})年(\d{1,2})月(底|末)?$/.exec(d);
	if (m) {
		const y = Number(m[1]);
		const mo = Number(m[2]);
		const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
		return `${y}-${String(mo).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
	}
	return undefined;
}
