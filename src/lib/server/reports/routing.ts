/**
 * Where a report goes. A place the reporter chose (QR code, place list) is the report's place and
 * decides the routing; only a GPS position or a map pin is turned into a zone, in this order:
 * first-level reservoir zone, second-level zone, scenic area, else the town. The first-level zone
 * still overrides a chosen place when a GPS position given with it lies inside that zone.
 * Then the most specific routing rule for category × zone kind wins (a matching zone counts 2, a
 * matching category 1, `*` 0; ties go to the older rule).
 */
import type { Executor } from '../db';
import { reportZones, routingRules } from './schema';
import { towns, departments } from '../reference/schema';
import { asc, eq } from 'drizzle-orm';
import { distanceM, inDistrict } from '../points/geo';

export type ZoneKind = 'reservoir_1' | 'reservoir_2' | 'scenic' | 'town';
const ORDER: ZoneKind[] = ['reservoir_1', 'reservoir_2', 'scenic'];

export interface Located {
	townCode: string;
	zoneKind: ZoneKind;
	zoneCode: string | null;
}

/**
 * Position to zone, for GPS positions and map pins only. The town is a scenic area's own town when
 * the point is in one that names it (the protection zones span several towns), else the town whose
 * centre is nearest (sample, until boundaries are supplied).
 */
export function locate(db: Executor, lat: number, lng: number): Located | null {
	if (!inDistrict(lat, lng)) return null;
	const t = db
		.select()
		.from(towns)
		.all()
		.map((x) => ({ code: x.code, d: distanceM(lat, lng, x.lat, x.lng) }))
		.sort((a, b) => a.d - b.d)[0];
	const zones = db.select().from(reportZones).all();
	for (const kind of ORDER) {
		const z = zones.find((z) => z.kind === kind && distanceM(lat, lng, z.lat, z.lng) <= z.radiusM);
		if (z) return { townCode: (kind === 'scenic' && z.townCode) || t.code, zoneKind: kind, zoneCode: z.code };
	}
	return { townCode: t.code, zoneKind: 'town', zoneCode: null };
}

/**
 * A chosen place (`town:<code>` or a zone code) as it stands: its own zone and its own town, and
 * its centre as the stored position when no GPS position came with it. Unknown → null.
 */
export function placeOf(db: Executor, place: string): (Located & { lat: number; lng: number }) | null {
	if (place.startsWith('town:')) {
		const t = db
			.select()
			.from(towns)
			.where(eq(towns.code, place.slice(5)))
			.get();
		return t ? { townCode: t.code, zoneKind: 'town', zoneCode: null, lat: t.lat, lng: t.lng } : null;
	}
	const z = db.select().from(reportZones).where(eq(reportZones.code, place)).get();
	if (!z) return null;
	const townCode = z.townCode ?? locate(db, z.lat, z.lng)?.townCode;
	return townCode ? { townCode, zoneKind: z.kind, zoneCode: z.code, lat: z.lat, lng: z.lng } : null;
}

/**
 * The report's place: the chosen place when there is one (overridden only by the first-level zone
 * when the GPS position given with it lies inside it), else the zone of the GPS position.
 * `outside` when the position is not in the district; `bad` for an unknown place.
 */
export function resolvePlace(
	db: Executor,
	place: string,
	gps: { lat: number; lng: number } | null
): { where: Located; lat: number; lng: number } | 'outside' | 'bad' {
	const fromGps = gps ? locate(db, gps.lat, gps.lng) : null;
	if (place) {
		const p = placeOf(db, place);
		if (!p) return 'bad';
		const where =
			fromGps?.zoneKind === 'reservoir_1'
				? fromGps
				: { townCode: p.townCode, zoneKind: p.zoneKind, zoneCode: p.zoneCode };
		// a GPS position outside the district (a stale fix, a spoofed one) is not kept with a chosen place
		return fromGps && gps ? { where, ...gps } : { where, lat: p.lat, lng: p.lng };
	}
	if (!gps) return 'bad';
	return fromGps ? { where: fromGps, ...gps } : 'outside';
}

/** The department for category × zone, or null for the admin triage queue. */
export function route(db: Executor, category: string, where: Located): string | null {
	const rules = db.select().from(routingRules).all();
	const score = (r: (typeof rules)[number]) =>
		// a zone named by the rule outranks a category named by it: anything in the reservoir's
		// first-level zone goes to the reservoir team, whatever the category
		(r.category === category ? 1 : r.category === '*' ? 0 : -99) +
		(r.zoneKind === where.zoneKind ? 2 : r.zoneKind === '*' ? 0 : -99);
	const best = rules
		.map((r) => ({ r, s: score(r) }))
		.filter((x) => x.s >= 0)
		.sort((a, b) => b.s - a.s || a.r.id - b.r.id)[0];
	if (!best) return null;
	if (best.r.department !== 'town') return best.r.department;
	// the local administration of the place (a town's government, the park's committee); none known →
	// unrouted, to the admin's triage queue, never a department code that does not exist
	const local = db
		.select({ code: departments.code })
		.from(departments)
		.where(eq(departments.townCode, where.townCode))
		.orderBy(asc(departments.sort))
		.get();
	return local?.code ?? null;
}
