import { describe, it, expect } from 'vitest';
import { convert, distanceM, inDistrict, navigationLinks } from './geo';

describe('coordinates', () => {
	// 密云区政府 area, WGS-84
	const [lat, lng] = [40.3765, 116.8431];

	it('round-trips WGS-84 → GCJ-02 → WGS-84 within 1 m', () => {
		const [gLat, gLng] = convert(lat, lng, 'wgs84', 'gcj02');
		expect(distanceM(lat, lng, gLat, gLng)).toBeGreaterThan(100); // the offset is real (100–700 m)
		const [bLat, bLng] = convert(gLat, gLng, 'gcj02', 'wgs84');
		expect(distanceM(lat, lng, bLat, bLng)).toBeLessThan(1);
	});

	it('round-trips WGS-84 → BD-09 → WGS-84 within 1 m', () => {
		const [bLat, bLng] = convert(lat, lng, 'wgs84', 'bd09');
		const [wLat, wLng] = convert(bLat, bLng, 'bd09', 'wgs84');
		expect(distanceM(lat, lng, wLat, wLng)).toBeLessThan(1);
	});

	it('measures distances', () => {
		expect(distanceM(40, 116, 40, 116)).toBe(0);
		// one degree of latitude ≈ 111.2 km
		expect(distanceM(40, 116, 41, 116)).toBeGreaterThan(111000);
		expect(distanceM(40, 116, 41, 116)).toBeLessThan(111400);
	});

	it('knows the district bounds', () => {
		expect(inDistrict(40.3765, 116.8431)).toBe(true);
		expect(inDistrict(39.9042, 116.4074)).toBe(false); // Tian'anmen
	});

	it('sends AMap GCJ-02 and Baidu BD-09 coordinates', () => {
		const links = navigationLinks(lat, lng, '测试');
		const [gLat, gLng] = convert(lat, lng, 'wgs84', 'gcj02');
		expect(links.amap).toContain(`to=${gLng.toFixed(6)},${gLat.toFixed(6)}`);
		expect(links.amap).toContain('uri.amap.com/navigation');
		const [bLat, bLng] = convert(lat, lng, 'wgs84', 'bd09');
		expect(links.baidu).toContain(`location=${bLat.toFixed(6)},${bLng.toFixed(6)}`);
	});
});
