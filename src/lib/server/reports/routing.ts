/**
 * Where a report goes: the zone it falls in (first-level reservoir zone, second-level zone,
 * scenic area, else its town), then the most specific routing rule for category × zone kind
 * (a matching zone counts 2, a matching category 1, `*` 0; ties go to the older rule).
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

/** The town is the one whose centre is nearest (sample, until boundaries are supplied). */
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
		if (z) return { townCode: t.code, zoneKind: kind, zoneCode: z.code };
	}
	return { townCode: t.code, zoneKind: 'town', zoneCode: null };
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
