/**
 * Idempotent loading of reference data from the reviewed files in this folder: towns (with
 * approximate centres), departments and waste categories from codes.json (the shared vocabulary,
 * copied from ../shared/codes.json; a test checks the copy is current), and the holiday calendar.
 * Runs at every start: inserts what is missing, updates names that changed, removes nothing.
 */
import codes from './codes.json';
import centres from './town-centres.json';
import { towns, departments, wasteCategories } from './schema';
import { holidays } from '../calendar/schema';
import holidayData from '../calendar/holidays.json';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { sql } from 'drizzle-orm';

type AnyDb = BetterSQLite3Database<Record<string, unknown>>;

export function loadReferenceData(db: AnyDb): void {
	db.transaction((tx) => {
		codes.towns.forEach((t, i) => {
			const c = (centres as unknown as Record<string, { lat: number; lng: number; approximate: boolean } | undefined>)[
				t.code
			];
			if (!c) throw new Error(`town-centres.json has no centre for ${t.code}`);
			tx.insert(towns)
				.values({ code: t.code, zh: t.zh, en: t.en, lat: c.lat, lng: c.lng, approximate: c.approximate, sort: i })
				.onConflictDoUpdate({
					target: towns.code,
					set: { zh: t.zh, en: t.en, lat: c.lat, lng: c.lng, approximate: c.approximate, sort: i }
				})
				.run();
		});
		codes.departments.forEach((d, i) => {
			// a town's government (town_<code>); the park's management committee, which bears the park's
			// own name, is the local administration of the park (routing sends "town" reports there)
			const townCode =
				d.kind === 'town' ? d.code.replace(/^town_/, '') : (codes.towns.find((t) => t.zh === d.zh)?.code ?? null);
			const kind = d.kind === 'town' ? 'town' : 'district';
			tx.insert(departments)
				.values({ code: d.code, zh: d.zh, en: d.en, kind, townCode, sort: i })
				.onConflictDoUpdate({ target: departments.code, set: { zh: d.zh, en: d.en, kind, townCode, sort: i } })
				.run();
		});
		codes.waste_categories.forEach((c, i) => {
			tx.insert(wasteCategories)
				.values({ code: c.code, zh: c.zh, en: c.en, colour: c.colour, sort: i })
				.onConflictDoUpdate({ target: wasteCategories.code, set: { zh: c.zh, en: c.en, colour: c.colour, sort: i } })
				.run();
		});
		// Holidays: a day staff have confirmed (provisional = 0 with source 'staff') is never overwritten.
		for (const h of holidayData.days) {
			tx.insert(holidays)
				.values({
					day: h.day,
					kind: h.kind as 'holiday' | 'workday',
					nameZh: h.zh,
					nameEn: h.en,
					provisional: h.provisional,
					source: h.source
				})
				.onConflictDoUpdate({
					target: holidays.day,
					set: {
						kind: sql`excluded.kind`,
						nameZh: sql`excluded.name_zh`,
						nameEn: sql`excluded.name_en`,
						provisional: sql`excluded.provisional`,
						source: sql`excluded.source`
					},
					where: sql`${holidays.source} != 'staff'`
				})
				.run();
		}
	});
}
