import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as pointsSvc from '$lib/server/points/service';
import { navigationLinks } from '$lib/server/points/geo';
import { weeklyTable, phRule } from '$lib/server/points/hours';
import { POINT_TYPES, TOWNS } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';
import { nowMs } from '$lib/server/clock';
import { nameIn } from '$lib/text';

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
			type: type ? nameIn(type, en) : p.type,
			address: en ? p.addressEn : p.addressZh,
			town: town ? nameIn(town, en) : p.townCode,
			operator: en ? p.operatorEn : p.operatorZh,
			phone: p.phone,
			notes: p.notes ? nameIn(p.notes, en) : null,
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
