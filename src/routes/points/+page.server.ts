import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as pointsSvc from '$lib/server/points/service';
import * as reference from '$lib/server/reference';
import { config } from '$lib/server/config';
import { MATERIAL_KEYS, POINT_TYPES } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';
import { nowMs } from '$lib/server/clock';

/** The list starts with the nearest 20 (a phone on a slow connection); "show all" lists every match. */
const FIRST = 20;

export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	const en = getLocale() === 'en';
	const parsed = pointsSvc.parseFilters(url.searchParams);
	const filters = parsed.ok
		? parsed.filters
		: { types: [], materials: [], towns: [], near: null, from: null, openNow: false, limit: pointsSvc.MAX_LIMIT };
	const r = pointsSvc.find(db, { ...filters, limit: pointsSvc.MAX_LIMIT });
	const all = url.searchParams.get('all') === '1';
	const listed = all ? r.results : r.results.slice(0, FIRST);
	const allHref = (() => {
		const q = new URLSearchParams(url.searchParams);
		q.set('all', '1');
		return `?${q}`;
	})();
	const typeName = new Map(POINT_TYPES.map((t) => [t.code, en ? t.en : t.zh]));
	return {
		now: nowMs(),
		badFilter: !parsed.ok,
		filters: {
			types: filters.types,
			materials: filters.materials,
			from: filters.from ?? '',
			near: filters.near,
			openNow: filters.openNow
		},
		towns: reference.towns(db).map((t) => ({ code: t.code, name: en ? t.en : t.zh })),
		types: POINT_TYPES.map((t) => ({ code: t.code, name: en ? t.en : t.zh })),
		materials: MATERIAL_KEYS,
		tileUrl: config.tileUrl,
		anySample: r.results.some((x) => x.point.isSample),
		total: r.total,
		allHref: listed.length < r.results.length ? allHref : null,
		// the map shows every match; the list only those listed
		markers: r.results.map(({ point: p, hours }) => ({
			id: p.id,
			name: en ? p.nameEn : p.nameZh,
			lat: p.lat,
			lng: p.lng,
			open: hours.open
		})),
		results: listed.map(({ point: p, distanceM, hours }) => ({
			id: p.id,
			name: en ? p.nameEn : p.nameZh,
			type: typeName.get(p.type) ?? p.type,
			town: p.townCode,
			lat: p.lat,
			lng: p.lng,
			materials: p.materials,
			isSample: p.isSample,
			distanceM,
			open: hours.open,
			next: hours.next?.getTime() ?? null
		}))
	};
};
