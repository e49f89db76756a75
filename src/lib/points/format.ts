/** Browser-safe formatting for the point finder. */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { dateFormat, districtDay, DISTRICT_TZ } from '$lib/time/zone';

export function distance(meters: number | null): string {
	if (meters === null) return '';
	if (meters < 1000) return m.points_distance_m({ m: String(Math.round(meters / 10) * 10) });
	return m.points_distance_km({ km: (meters / 1000).toFixed(meters < 10000 ? 1 : 0) });
}

/** "HH:MM" in the district's zone; with the weekday when it is not today. */
export function when(ms: number, nowMs: number): string {
	const en = getLocale() === 'en';
	const d = new Date(ms);
	const sameDay = districtDay(d) === districtDay(new Date(nowMs));
	return dateFormat(en ? 'en-GB' : 'zh-CN', {
		timeZone: DISTRICT_TZ,
		hour: '2-digit',
		minute: '2-digit',
		hour12: false,
		...(sameDay ? {} : { weekday: 'short' })
	}).format(d);
}

const MATERIAL: Record<string, () => string> = {
	paper: m.material_paper,
	cardboard: m.material_cardboard,
	plastic_bottles: m.material_plastic_bottles,
	plastic: m.material_plastic,
	glass_bottles: m.material_glass_bottles,
	glass: m.material_glass,
	cans: m.material_cans,
	scrap_metal: m.material_scrap_metal,
	clothes: m.material_clothes,
	electronics: m.material_electronics,
	small_appliances: m.material_small_appliances,
	batteries: m.material_batteries,
	car_batteries: m.material_car_batteries,
	ev_batteries: m.material_ev_batteries,
	lamps: m.material_lamps,
	medicines: m.material_medicines,
	paint: m.material_paint,
	pesticide_packaging: m.material_pesticide_packaging,
	farm_film: m.material_farm_film,
	cooking_oil: m.material_cooking_oil,
	food_waste: m.material_food_waste,
	furniture: m.material_furniture,
	mattresses: m.material_mattresses,
	construction_rubble: m.material_construction_rubble,
	garden_waste: m.material_garden_waste,
	tetra_pak: m.material_tetra_pak
};

export function material(code: string): string {
	return MATERIAL[code]?.() ?? code;
}

export const WEEKDAY = [m.weekday_0, m.weekday_1, m.weekday_2, m.weekday_3, m.weekday_4, m.weekday_5, m.weekday_6];
