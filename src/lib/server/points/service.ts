/**
 * The point finder: filtering (type, material, town, open now), distance from the visitor or a
 * town centre, opening-hours state in the district's time with the holiday calendar, GeoJSON for
 * other clients, and staff edits (create, edit, hide) — each audited.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { points } from './schema';
import { towns } from '../reference/schema';
import { distanceM, inDistrict } from './geo';
import { visiblePoints } from './visible';
import { hoursState, type DayKind, type HoursState } from './hours';
import { dayKinds } from '../calendar';
import { addDays, districtDay } from '../../time/zone';
import { now } from '../clock';
import { MATERIAL_KEYS, POINT_TYPES, TOWNS } from '../reference';

export type Point = typeof points.$inferSelect;

export const TYPE_CODES = POINT_TYPES.map((t) => t.code);
export const MATERIAL_CODES = MATERIAL_KEYS;
export const TOWN_CODES = TOWNS.map((t) => t.code);
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export interface Filters {
	types: string[];
	materials: string[];
	towns: string[];
	near: { lat: number; lng: number } | null;
	/** a town picked as the starting point when the visitor did not share a location */
	from: string | null;
	openNow: boolean;
	limit: number;
}

export type FilterError = 'bad_near' | 'unknown_type' | 'unknown_material' | 'unknown_town' | 'bad_limit';

const list = (v: string | null) =>
	(v ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);

/**
 * Reads filters from a query string (the page's GET form and the API share it). `type`,
 * `material`, `town` take comma-separated codes (the form may also repeat them); `near=lat,lng`;
 * `from=<town>` uses that town's centre; `open=1`; `limit` is clamped to 1–500.
 */
export function parseFilters(
	q: URLSearchParams
): { ok: true; filters: Filters } | { ok: false; error: FilterError; value: string } {
	const all = (k: string) => q.getAll(k).flatMap(list);
	const types = all('type');
	const materials = all('material');
	const townsSel = all('town');
	for (const t of types) if (!TYPE_CODES.includes(t)) return { ok: false, error: 'unknown_type', value: t };
	for (const m of materials) if (!MATERIAL_CODES.includes(m)) return { ok: false, error: 'unknown_material', value: m };
	for (const t of townsSel) if (!TOWN_CODES.includes(t)) return { ok: false, error: 'unknown_town', value: t };
	let near: Filters['near'] = null;
	const rawNear = q.get('near');
	if (rawNear !== null && rawNear !== '') {
		const m = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(rawNear);
		const lat = m ? Number(m[1]) : NaN;
		const lng = m ? Number(m[2]) : NaN;
		if (!m || Math.abs(lat) > 90 || Math.abs(lng) > 180)
			return { ok: false, error: 'bad_near', value: rawNear.slice(0, 50) };
		near = { lat, lng };
	}
	const from = q.get('from');
	if (from && !TOWN_CODES.includes(from)) return { ok: false, error: 'unknown_town', value: from };
	const rawLimit = q.get('limit');
	let limit = DEFAULT_LIMIT;
	if (rawLimit !== null && rawLimit !== '') {
		const n = Number(rawLimit);
		if (!Number.isFinite(n)) return { ok: false, error: 'bad_limit', value: rawLimit.slice(0, 20) };
		limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(n)));
	}
	return {
		ok: true,
		filters: {
			types,
			materials,
			towns: townsSel,
			near,
			from: from || null,
			openNow: ['1', 'true', 'on'].includes(q.get('open') ?? ''),
			limit
		}
	};
}

export interface Found {
	point: Point;
	distanceM: number | null;
	hours: HoursState;
}

/**
 * Opening-hours states change at most once a minute: within one minute of the district's clock a
 * point's state is worked out once and then reused (the finder asks for the same points again and
 * again; evaluating the hours rules was most of a nearest-points request).
 */
let minuteMemo: { db: Executor; minute: number; states: Map<string, HoursState> } | null = null;
function stateAt(db: Executor, hours: string | null, at: Date, kinds: () => (day: string) => DayKind): HoursState {
	const minute = Math.floor(at.getTime() / 60000);
	if (!minuteMemo || minuteMemo.minute !== minute || minuteMemo.db !== db)
		minuteMemo = { db, minute, states: new Map() };
	const key = hours ?? '';
	let st = minuteMemo.states.get(key);
	if (!st) minuteMemo.states.set(key, (st = hoursState(hours, at, kinds())));
	return st;
}

/** Calendar kinds for the days the hours computation may look at. */
function kindOf(db: Executor, at: Date): (day: string) => DayKind {
	const today = districtDay(at);
	const map = dayKinds(db, addDays(today, -1), addDays(today, 8));
	return (day) => map.get(day) ?? null;
}

export function townCentre(db: Executor, code: string) {
	return db
		.select({ lat: towns.lat, lng: towns.lng, zh: towns.zh, en: towns.en })
		.from(towns)
		.where(eq(towns.code, code))
		.get();
}

/** Visible points matching the filters, nearest first when there is a starting point. */
export function find(
	db: Executor,
	f: Filters,
	at: Date = now()
): { results: Found[]; total: number; origin: { lat: number; lng: number } | null } {
	// a town picked in the list wins over an earlier "my location" still carried in the form
	const town = f.from ? townCentre(db, f.from) : undefined;
	const origin = town ?? f.near;
	let kindsFn: ((day: string) => DayKind) | null = null;
	const kinds = () => (kindsFn ??= kindOf(db, at));
	let rows = visiblePoints(db);
	if (f.types.length) rows = rows.filter((p) => f.types.includes(p.type));
	if (f.materials.length) rows = rows.filter((p) => f.materials.some((m) => p.materials.includes(m)));
	if (f.towns.length) rows = rows.filter((p) => f.towns.includes(p.townCode));
	// opening hours are the costly part (nine days of rules per point): work them out for every
	// point only when filtering by "open now", otherwise only for the points returned
	let found = rows.map((p) => ({
		point: p,
		distanceM: origin ? Math.round(distanceM(origin.lat, origin.lng, p.lat, p.lng)) : null,
		hours: null as HoursState | null
	}));
	if (f.openNow) {
		for (const x of found) x.hours = stateAt(db, x.point.openingHours, at, kinds);
		found = found.filter((x) => x.hours!.open === true);
	}
	if (origin) found.sort((a, b) => a.distanceM! - b.distanceM! || (a.point.id < b.point.id ? -1 : 1));
	const results: Found[] = found
		.slice(0, f.limit)
		.map((x) => ({ ...x, hours: x.hours ?? stateAt(db, x.point.openingHours, at, kinds) }));
	return { results, total: found.length, origin: origin ? { lat: origin.lat, lng: origin.lng } : null };
}

export function get(db: Executor, id: string): Point | undefined {
	if (!/^[a-z0-9-]{1,80}$/.test(id)) return undefined;
	return db.select().from(points).where(eq(points.id, id)).get();
}

export function state(db: Executor, p: Point, at: Date = now()): HoursState {
	return hoursState(p.openingHours, at, kindOf(db, at));
}

/** GeoJSON FeatureCollection ([lng, lat] order, as GeoJSON requires). */
export function toGeoJSON(found: Found[], withDistance: boolean) {
	return {
		type: 'FeatureCollection' as const,
		features: found.map(({ point: p, distanceM: d, hours }) => ({
			type: 'Feature' as const,
			geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] },
			properties: {
				id: p.id,
				name: p.nameZh,
				nameEn: p.nameEn,
				type: p.type,
				town: p.townCode,
				materials: p.materials,
				openNow: hours.open,
				isSample: p.isSample,
				...(withDistance ? { distanceM: d } : {})
			}
		}))
	};
}

export { inDistrict };
