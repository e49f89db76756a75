import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import * as svc from './service';
import { allPoints } from './data';
import { POINT_TYPES, TOWNS } from '../reference';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());
const q = (s: string) => new URLSearchParams(s);

describe('sample points data', () => {
	const pts = allPoints();
	it('has at least 80 points, all sample, covering every town and every type', () => {
		expect(pts.length).toBeGreaterThanOrEqual(80);
		expect(pts.every((p) => p.isSample)).toBe(true);
		for (const town of TOWNS)
			expect(pts.filter((p) => p.town === town.code).length, town.code).toBeGreaterThanOrEqual(1);
		for (const type of POINT_TYPES)
			expect(
				pts.some((p) => p.type === type.code),
				type.code
			).toBe(true);
	});
});

describe('filters', () => {
	it('parses codes, near and limits; refuses malformed input', () => {
		const r = svc.parseFilters(q('type=hazardous,recyclables&material=batteries&near=40.37,116.84&limit=9999'));
		expect(r).toMatchObject({
			ok: true,
			filters: {
				types: ['hazardous', 'recyclables'],
				materials: ['batteries'],
				near: { lat: 40.37, lng: 116.84 },
				limit: 500
			}
		});
		expect(svc.parseFilters(q('limit=-5'))).toMatchObject({ ok: true, filters: { limit: 1 } });
		expect(svc.parseFilters(q('near=40.37'))).toMatchObject({ ok: false, error: 'bad_near' });
		expect(svc.parseFilters(q('near=abc,def'))).toMatchObject({ ok: false, error: 'bad_near' });
		expect(svc.parseFilters(q('near=91,10'))).toMatchObject({ ok: false, error: 'bad_near' });
		expect(svc.parseFilters(q('type=castle'))).toMatchObject({ ok: false, error: 'unknown_type', value: 'castle' });
		expect(svc.parseFilters(q('material=gold'))).toMatchObject({ ok: false, error: 'unknown_material' });
		expect(svc.parseFilters(q('town=atlantis'))).toMatchObject({ ok: false, error: 'unknown_town' });
		expect(svc.parseFilters(q('limit=lots'))).toMatchObject({ ok: false, error: 'bad_limit' });
		// outside the district is allowed: distances are just large
		expect(svc.parseFilters(q('near=39.9042,116.4074')).ok).toBe(true);
	});

	it('sorts by distance from the visitor, nearest first', () => {
		const f = svc.parseFilters(q('near=40.69,117.157&limit=500'));
		if (!f.ok) throw new Error();
		const r = svc.find(t.db, f.filters).results;
		const d = r.map((x) => x.distanceM!);
		expect(d).toEqual([...d].sort((a, b) => a - b));
		expect(r[0].point.townCode).toBe('gubeikou');
	});

	it('filters by material and town, and from a town centre', () => {
		const f = svc.parseFilters(q('material=batteries&from=taishitun'));
		if (!f.ok) throw new Error();
		const r = svc.find(t.db, f.filters);
		expect(r.results.length).toBeGreaterThan(0);
		expect(r.results.every((x) => x.point.materials.includes('batteries'))).toBe(true);
		expect(r.origin).not.toBeNull();
		const g = svc.parseFilters(q('town=gulou'));
		if (!g.ok) throw new Error();
		expect(svc.find(t.db, g.filters).results.every((x) => x.point.townCode === 'gulou')).toBe(true);
	});

	it('open now keeps only open points, in Beijing time', () => {
		const f = svc.parseFilters(q('open=1'));
		if (!f.ok) throw new Error();
		const night = svc.find(t.db, f.filters, new Date('2026-11-30T03:00:00+08:00')).results;
		expect(night.every((x) => x.hours.open === true)).toBe(true);
		const day = svc.find(t.db, f.filters, new Date('2026-11-30T10:00:00+08:00')).results;
		expect(day.length).toBeGreaterThan(night.length);
	});

	it('GeoJSON puts coordinates in [lng, lat] order', () => {
		const f = svc.parseFilters(q('limit=1&near=40.37,116.84'));
		if (!f.ok) throw new Error();
		const gj = svc.toGeoJSON(svc.find(t.db, f.filters).results, true);
		const [lng, lat] = gj.features[0].geometry.coordinates;
		expect(lng).toBeGreaterThan(116);
		expect(lat).toBeLessThan(41);
		expect(gj.features[0].properties).toHaveProperty('distanceM');
		expect(gj.features[0].properties.isSample).toBe(true);
	});
});
