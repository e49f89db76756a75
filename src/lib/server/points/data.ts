/**
 * The points shipped in the repo (sample data until the district supplies its list), validated
 * and loaded idempotently at start; points staff created or edited (`source = 'staff'`) are kept.
 */
import { z } from 'zod';
import { pointsChanged } from './visible';
import { sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { MATERIAL_KEYS, POINT_TYPES, TOWNS } from '../reference';
import { points } from './schema';
import { isValidHours } from './hours';
import { inDistrict } from './geo';
import sample from './data/sample-points.json';

const TYPES = POINT_TYPES.map((t) => t.code) as [string, ...string[]];
const MATERIALS = MATERIAL_KEYS as [string, ...string[]];
const TOWN_CODES = TOWNS.map((t) => t.code) as [string, ...string[]];
const bilingual = z.object({ zh: z.string().trim().min(1), en: z.string().trim().min(1) });

export const pointDataSchema = z
	.object({
		id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
		isSample: z.boolean(),
		name: bilingual,
		type: z.enum(TYPES),
		materials: z.array(z.enum(MATERIALS)).min(1),
		address: bilingual,
		town: z.enum(TOWN_CODES),
		lat: z.number(),
		lng: z.number(),
		openingHours: z
			.string()
			.min(1)
			.nullable()
			.refine((h) => h === null || isValidHours(h), 'bad hours'),
		operator: bilingual.nullable(),
		phone: z.string().nullable(),
		notes: bilingual.nullable()
	})
	.refine((p) => inDistrict(p.lat, p.lng), 'outside the district');

export type PointData = z.infer<typeof pointDataSchema>;

export function allPoints(): PointData[] {
	return (sample as unknown[]).map((raw) => {
		const r = pointDataSchema.safeParse(raw);
		if (!r.success) throw new Error(`points data: ${(raw as { id?: string }).id}: ${r.error.message}`);
		return r.data;
	});
}

export function toRow(p: PointData, source: 'data' | 'staff', at: Date) {
	return {
		id: p.id,
		nameZh: p.name.zh,
		nameEn: p.name.en,
		type: p.type,
		materials: p.materials,
		addressZh: p.address.zh,
		addressEn: p.address.en,
		townCode: p.town,
		lat: p.lat,
		lng: p.lng,
		openingHours: p.openingHours,
		operatorZh: p.operator?.zh ?? null,
		operatorEn: p.operator?.en ?? null,
		phone: p.phone,
		notes: p.notes,
		isSample: p.isSample,
		source,
		updatedAt: at
	};
}

type AnyDb = BetterSQLite3Database<Record<string, unknown>>;

export function loadPoints(db: AnyDb): void {
	pointsChanged();
	const t = new Date();
	db.transaction((tx) => {
		for (const p of allPoints()) {
			const row = toRow(p, 'data', t);
			const { id: _id, updatedAt: _u, source: _s, ...set } = row;
			tx.insert(points)
				.values(row)
				.onConflictDoUpdate({ target: points.id, set, where: sql`${points.source} = 'data'` })
				.run();
		}
	});
}
