/**
 * The names people read for the codes a report carries: its town and zone (`scenic:gubei_water_town`),
 * its department (`culture_tourism`) and who did each step (`user:…`, `visitor`, `system`). Every
 * name in both languages; the page picks one. Unknown codes come back as themselves.
 */
import { inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { reportZones, reportPhotos, reports } from './schema';
import { towns, departments } from '../reference/schema';
import { users } from '../auth/schema';
import { and, eq } from 'drizzle-orm';

export interface Name {
	zh: string;
	en: string;
}

const same = (code: string): Name => ({ zh: code, en: code });

/** Town and zone names by code (both small reference tables, read whole). */
export function places(db: Executor): { towns: Record<string, Name>; zones: Record<string, Name> } {
	const t = db.select({ code: towns.code, zh: towns.zh, en: towns.en }).from(towns).all();
	const z = db.select({ code: reportZones.code, zh: reportZones.zh, en: reportZones.en }).from(reportZones).all();
	return {
		towns: Object.fromEntries(t.map((x) => [x.code, { zh: x.zh, en: x.en }])),
		zones: Object.fromEntries(z.map((x) => [x.code, { zh: x.zh, en: x.en }]))
	};
}

/** Where a report is, as a person says it: "古北水镇, 古北口镇" (zone, town), else the town. */
export function placeName(p: ReturnType<typeof places>, r: { townCode: string | null; zoneCode: string | null }): Name {
	const town = r.townCode ? (p.towns[r.townCode] ?? same(r.townCode)) : null;
	const zone = r.zoneCode ? (p.zones[r.zoneCode] ?? null) : null;
	if (zone && town) return { zh: `${zone.zh}（${town.zh}）`, en: `${zone.en}, ${town.en}` };
	return zone ?? town ?? same('');
}

export function departmentName(db: Executor, code: string | null): Name | null {
	if (!code) return null;
	const d = db
		.select({ zh: departments.zh, en: departments.en })
		.from(departments)
		.where(eq(departments.code, code))
		.get();
	return d ?? same(code);
}

/**
 * Display names for timeline actors. `user:<id>` → the account's display name; `visitor` and
 * `system` are left as kinds for the page to translate.
 */
export function actorNames(db: Executor, actors: string[]): Record<string, string> {
	const ids = [...new Set(actors.filter((a) => a.startsWith('user:')).map((a) => a.slice(5)))];
	if (!ids.length) return {};
	const rows = db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)).all();
	return Object.fromEntries(rows.map((r) => [`user:${r.id}`, r.name]));
}

/** The first visible "before" photo of each report, for list thumbnails. */
export function thumbnails(db: Executor, reportIds: number[]): Record<number, string> {
	if (!reportIds.length) return {};
	const rows = db
		.select({ reportId: reportPhotos.reportId, fileId: reportPhotos.fileId })
		.from(reportPhotos)
		.where(
			and(inArray(reportPhotos.reportId, reportIds), eq(reportPhotos.stage, 'before'), eq(reportPhotos.hidden, false))
		)
		.orderBy(reportPhotos.id)
		.all();
	const out: Record<number, string> = {};
	for (const r of rows) out[r.reportId] ??= r.fileId;
	return out;
}

/** The same, by tracking code (the public list knows reports by code only). */
export function thumbnailsByCode(db: Executor, codes: string[]): Record<string, string> {
	if (!codes.length) return {};
	const rows = db
		.select({ code: reports.code, fileId: reportPhotos.fileId })
		.from(reportPhotos)
		.innerJoin(reports, eq(reports.id, reportPhotos.reportId))
		.where(and(inArray(reports.code, codes), eq(reportPhotos.stage, 'before'), eq(reportPhotos.hidden, false)))
		.orderBy(reportPhotos.id)
		.all();
	const out: Record<string, string> = {};
	for (const r of rows) out[r.code] ??= r.fileId;
	return out;
}
