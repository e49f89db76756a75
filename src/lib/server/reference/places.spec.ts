/** Place coordinates reported wrong in issue 18, checked against each other (no map service here). */
import { describe, it, expect } from 'vitest';
import centres from './town-centres.json';
import points from '../points/data/sample-points.json';
import { SAMPLE_ZONES } from '../reports/reference';
import { distanceM } from '../points/geo';

const c = centres as unknown as Record<string, { lat: number; lng: number; approximate: boolean }>;

describe('town centres and sample points', () => {
	it('不老屯 sits at the town seat, north of the reservoir shore, not ~4 km south of it', () => {
		expect(distanceM(c.bulaotun.lat, c.bulaotun.lng, 40.567, 116.983)).toBeGreaterThan(3500);
		expect(c.bulaotun.lat).toBeGreaterThan(40.595);
	});
	it('高岭 has moved to the 高岭镇人民政府 estimate (the old point was 1.9 km off)', () => {
		expect(distanceM(c.gaoling.lat, c.gaoling.lng, 40.5893, 117.0604)).toBeGreaterThan(1500);
	});
	it('estimates are flagged approximate; only DOMAIN.md’s published figures are not', () => {
		const published = ['gulou', 'mujiayu', 'taishitun', 'beizhuang', 'fengjiayu', 'xinchengzi', 'gubeikou'];
		for (const [code, v] of Object.entries(c)) {
			if (code.startsWith('_')) continue;
			expect(v.approximate, code).toBe(!published.includes(code));
		}
	});
	it('the 司马台 sample point is at 司马台 (inside the 古北水镇·司马台 area), not ~8 km west', () => {
		const hut = (points as { id: string; lat: number; lng: number; town: string }[]).find(
			(p) => p.id === 'gubeikou-carbon-hut-01'
		)!;
		const zone = SAMPLE_ZONES.find((z) => z.code === 'scenic:gubei_water_town')!;
		expect(distanceM(hut.lat, hut.lng, zone.lat, zone.lng)).toBeLessThan(zone.radiusM);
		expect(hut.town).toBe('gubeikou');
	});
});
