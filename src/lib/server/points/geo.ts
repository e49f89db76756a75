/**
 * Coordinates. Stored in WGS-84 (GPS, browsers, OSM, 天地图≈CGCS2000). Chinese map services use
 * GCJ-02 (AMap, Tencent) or BD-09 (Baidu): convert on import and for navigation links (gcoord).
 */
import gcoord from 'gcoord';

export type System = 'wgs84' | 'gcj02' | 'bd09';
const CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** [lat, lng] in `from` → [lat, lng] in `to`. */
export function convert(lat: number, lng: number, from: System, to: System): [number, number] {
	if (from === to) return [lat, lng];
	const [x, y] = gcoord.transform([lng, lat], CRS[from], CRS[to]) as [number, number];
	return [y, x];
}

/** Great-circle distance in metres (haversine). */
export function distanceM(aLat: number, aLng: number, bLat: number, bLng: number): number {
	const R = 6371008.8;
	const rad = Math.PI / 180;
	const dLat = (bLat - aLat) * rad;
	const dLng = (bLng - aLng) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
	return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const DISTRICT_BOUNDS = { minLng: 116.65, maxLng: 117.51, minLat: 40.21, maxLat: 40.8 };

export function inDistrict(lat: number, lng: number): boolean {
	const b = DISTRICT_BOUNDS;
	return lat >= b.minLat && lat <= b.maxLat && lng >= b.minLng && lng <= b.maxLng;
}

/** Navigation links, each in its own coordinate system. */
export function navigationLinks(lat: number, lng: number, name: string) {
	const [gLat, gLng] = convert(lat, lng, 'wgs84', 'gcj02');
	const [bLat, bLng] = convert(lat, lng, 'wgs84', 'bd09');
	const n = encodeURIComponent(name);
	const f = (x: number) => x.toFixed(6);
	return {
		amap: `https://uri.amap.com/navigation?to=${f(gLng)},${f(gLat)},${n}&mode=car&coordinate=gaode&callnative=1`,
		// the marker page needs no origin (the direction API requires one) and offers "到这去"
		baidu: `https://api.map.baidu.com/marker?location=${f(bLat)},${f(bLng)}&title=${n}&content=${n}&coord_type=bd09ll&output=html&src=miyun-zero-waste`,
		// Apple Maps in mainland China uses GCJ-02 as well
		apple: `https://maps.apple.com/?daddr=${f(gLat)},${f(gLng)}&q=${n}`
	};
}
