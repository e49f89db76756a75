/**
 * Criteria sets as versioned data: the first version for every type is loaded from
 * data/criteria-v1.json (idempotently, at start); admins edit a draft copy and publish it as the
 * next version. An application keeps the version it started on.
 */
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DB, Executor } from '../db';
import { cellCriteriaVersions } from './schema';
import type { Definition } from '../../cells/criteria';
import * as audit from '../audit';
import { now } from '../clock';
import { CELL_TOTAL_TARGET, CELL_TYPES } from '../reference';
export { CELL_TYPES };
import v1 from './data/criteria-v1.json';

export const TOTAL_TARGET: number = CELL_TOTAL_TARGET;
export const CELL_TYPE_CODES = CELL_TYPES.map((c) => c.code);
export type Version = typeof cellCriteriaVersions.$inferSelect & { definition: Definition };

const text = { zh: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) };
const id = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
const criterion = z
	.object({
		id,
		section: id,
		kind: z.enum(['eligibility', 'mandatory', 'scored', 'bonus']),
		evidence: z.enum(['document', 'photo', 'data', 'onsite']),
		method: z.enum(['yesno', 'tiered', 'deduction']).optional(),
		points: z.number().min(0).max(100).optional(),
		per: z.number().min(0).max(100).optional(),
		tiers: z
			.array(z.object({ ...text, points: z.number().min(0).max(100) }))
			.min(2)
			.max(6)
			.optional(),
		...text
	})
	.refine((c) => c.kind !== 'scored' || !!c.method, { message: 'method_required' })
	.refine((c) => c.method !== 'tiered' || !!c.tiers, { message: 'tiers_required' })
	.refine((c) => !(c.kind === 'bonus' || (c.kind === 'scored' && c.method !== 'tiered')) || c.points !== undefined, {
		message: 'points_required'
	});

export const definitionSchema = z
	.object({
		sections: z
			.array(z.object({ id, ...text }))
			.min(1)
			.max(20),
		criteria: z.array(criterion).min(1).max(200),
		threshold: z.number().min(0).max(200),
		bonusCap: z.number().min(0).max(100),
		validityMonths: z.number().int().min(1).max(120),
		draft: z.boolean().optional(),
		note: z.object(text).optional()
	})
	.refine((d) => new Set(d.criteria.map((c) => c.id)).size === d.criteria.length, { message: 'duplicate_id' })
	.refine((d) => d.criteria.every((c) => d.sections.some((s) => s.id === c.section)), { message: 'unknown_section' });

/** Parses a definition; `{ ok: false, error }` names the first problem (a message key suffix). */
export function parseDefinition(raw: unknown): { ok: true; definition: Definition } | { ok: false; error: string } {
	const r = definitionSchema.safeParse(raw);
	if (r.success) return { ok: true, definition: r.data as Definition };
	const i = r.error.issues[0];
	return { ok: false, error: `${i.path.join('.')}: ${i.message}` };
}

/** Inserts version 1 for every type that has none. Never changes an existing version. */
export function loadCellCriteria(db: DB): void {
	const data = v1 as unknown as Record<string, Definition>;
	db.transaction((tx) => {
		for (const code of CELL_TYPE_CODES) {
			const have = tx
				.select({ id: cellCriteriaVersions.id })
				.from(cellCriteriaVersions)
				.where(eq(cellCriteriaVersions.cellType, code))
				.get();
			if (have || !data[code]) continue;
			tx.insert(cellCriteriaVersions)
				.values({
					cellType: code,
					version: 1,
					status: 'published',
					definition: data[code],
					createdAt: now(),
					publishedAt: now(),
					createdBy: 'system'
				})
				.run();
		}
	});
}

function shape(r: typeof cellCriteriaVersions.$inferSelect | undefined): Version | undefined {
	return r ? ({ ...r, definition: r.definition as Definition } as Version) : undefined;
}

export function getVersion(db: Executor, versionId: number): Version | undefined {
	return shape(db.select().from(cellCriteriaVersions).where(eq(cellCriteriaVersions.id, versionId)).get());
}

/** The newest published version of a type: what a new application starts on. */
export function current(db: Executor, cellType: string): Version | undefined {
	return shape(
		db
			.select()
			.from(cellCriteriaVersions)
			.where(and(eq(cellCriteriaVersions.cellType, cellType), eq(cellCriteriaVersions.status, 'published')))
			.orderBy(desc(cellCriteriaVersions.version))
			.get()
	);
}

export function versions(db: Executor, cellType?: string) {
	return db
		.select({
			id: cellCriteriaVersions.id,
			cellType: cellCriteriaVersions.cellType,
			version: cellCriteriaVersions.version,
			status: cellCriteriaVersions.status,
			createdAt: cellCriteriaVersions.createdAt,
			publishedAt: cellCriteriaVersions.publishedAt
		})
		.from(cellCriteriaVersions)
		.where(cellType ? eq(cellCriteriaVersions.cellType, cellType) : undefined)
		.orderBy(cellCriteriaVersions.cellType, desc(cellCriteriaVersions.version))
		.all();
}

/** An admin starts the next version as a draft copy of the newest one (or returns the open draft). */
export function createDraft(
	db: DB,
	userId: string,
	cellType: string
): { ok: true; id: number } | { ok: false; error: 'unknown_type' } {
	if (!CELL_TYPE_CODES.includes(cellType)) return { ok: false, error: 'unknown_type' };
	return db.transaction((tx) => {
		const newest = shape(
			tx
				.select()
				.from(cellCriteriaVersions)
				.where(eq(cellCriteriaVersions.cellType, cellType))
				.orderBy(desc(cellCriteriaVersions.version))
				.get()
		);
		if (newest?.status === 'draft') return { ok: true as const, id: newest.id };
		const row = tx
			.insert(cellCriteriaVersions)
			.values({
				cellType,
				version: (newest?.version ?? 0) + 1,
				status: 'draft',
				definition: newest?.definition ?? {
					sections: [],
					criteria: [],
					threshold: 85,
					bonusCap: 5,
					validityMonths: 36
				},
				createdAt: now(),
				createdBy: userId
			})
			.returning({ id: cellCriteriaVersions.id })
			.get();
		audit.record(tx, {
			actor: { type: 'user', id: userId },
			action: 'cell_criteria.draft',
			subject: { type: 'cell_criteria', id: `${cellType}:${(newest?.version ?? 0) + 1}` }
		});
		return { ok: true as const, id: row.id };
	});
}

export type SaveError = 'not_found' | 'not_draft' | 'bad_json' | 'invalid';

/** Saves a draft's definition (JSON text); published versions never change. */
export function saveDraft(
	db: DB,
	userId: string,
	versionId: number,
	json: string
): { ok: true } | { ok: false; error: SaveError; detail?: string } {
	const v = getVersion(db, versionId);
	if (!v) return { ok: false, error: 'not_found' };
	if (v.status !== 'draft') return { ok: false, error: 'not_draft' };
	let raw: unknown;
	try {
		raw = JSON.parse(json);
	} catch {
		return { ok: false, error: 'bad_json' };
	}
	const p = parseDefinition(raw);
	if (!p.ok) return { ok: false, error: 'invalid', detail: p.error };
	db.transaction((tx) => {
		tx.update(cellCriteriaVersions).set({ definition: p.definition }).where(eq(cellCriteriaVersions.id, v.id)).run();
		audit.record(tx, {
			actor: { type: 'user', id: userId },
			action: 'cell_criteria.save',
			subject: { type: 'cell_criteria', id: `${v.cellType}:${v.version}` },
			before: v.definition,
			after: p.definition
		});
	});
	return { ok: true };
}

/** Publishes a draft: new applications of the type start on it; existing ones keep theirs. */
export function publish(
	db: DB,
	userId: string,
	versionId: number
): { ok: true } | { ok: false; error: 'not_found' | 'not_draft' | 'invalid' } {
	const v = getVersion(db, versionId);
	if (!v) return { ok: false, error: 'not_found' };
	if (v.status !== 'draft') return { ok: false, error: 'not_draft' };
	if (!parseDefinition(v.definition).ok) return { ok: false, error: 'invalid' };
	db.transaction((tx) => {
		tx.update(cellCriteriaVersions)
			.set({ status: 'published', publishedAt: now() })
			.where(eq(cellCriteriaVersions.id, v.id))
			.run();
		audit.record(tx, {
			actor: { type: 'user', id: userId },
			action: 'cell_criteria.publish',
			subject: { type: 'cell_criteria', id: `${v.cellType}:${v.version}` },
			from: 'draft',
			to: 'published'
		});
	});
	return { ok: true };
}
