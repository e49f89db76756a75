import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as pointsSvc from '$lib/server/points/service';
import { navigationLinks } from '$lib/server/points/geo';
import { weeklyTable, phRule } from '$lib/server/points/hours';
import { POINT_TYPES, TOWNS } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';
import { nowMs } from '$lib/server/clock';

export const load: PageServerLoad = ({ params }) => {
	const db = getDb();
	const p = pointsSvc.get(db, params.id);
	if (!p || p.hidden) error(404, 'not_found');
	const en = getLocale() === 'en';
	const hours = pointsSvc.state(db, p);
	const town = TOWNS.find((t) => t.code === p.townCode);
	const type = POINT_TYPES.find((t) => t.code === p.type);
	return {
		now: nowMs(),
		point: {
			id: p.id,
			name: en ? p.nameEn : p.nameZh,
			type: type ? (en ? type.en : type.zh) : p.type,
			address: en ? p.addressEn : p.addressZh,
			town: town ? (en ? town.en : town.zh) : p.townCode,
			operator: en ? p.operatorEn : p.operatorZh,
			phone: p.phone,
			notes: p.notes ? (en ? p.notes.en : p.notes.zh) : null,
			materials: p.materials,
			isSample: p.isSample,
			lat: p.lat,
			lng: p.lng,
			openingHours: p.openingHours,
			week: weeklyTable(p.openingHours),
			ph: phRule(p.openingHours),
			open: hours.open,
			next: hours.next?.getTime() ?? null
		},
		nav: navigationLinks(p.lat, p.lng, p.nameZh)
	};
};
