/**
 * Reference data for reports: sample zones (circles standing in for the protection-zone and
 * scenic-area boundaries until the district supplies polygons) and the default routing table.
 * Each zone names its own town (司马台 is in 古北口镇 although 新城子镇's centre is nearer), from our
 * best knowledge of the administrative map without a way to check it here (no internet access):
 * 古北水镇/司马台 古北口镇; 云蒙山, 黑龙潭, 桃源仙谷 石城镇; 清凉谷 冯家峪镇 (less certain); 雾灵山's Miyun
 * side 新城子镇; the reservoir zones take the town of the sample circle's centre (西库区 溪翁庄镇,
 * 东库区 太师屯镇) and are routed to the reservoir team anyway.
 * Loaded idempotently; admin edits of the routing table are kept (rows are only added when the
 * table is empty).
 */
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { sql } from 'drizzle-orm';
import { reportZones, routingRules } from './schema';

export const SAMPLE_ZONES = [
	{
		code: 'reservoir_1:west',
		townCode: 'xiwengzhuang',
		kind: 'reservoir_1',
		zh: '密云水库一级保护区（西库区，示例范围）',
		en: 'Reservoir first-level zone, west basin (sample extent)',
		lat: 40.5,
		lng: 116.93,
		radiusM: 6500
	},
	{
		code: 'reservoir_1:east',
		townCode: 'taishitun',
		kind: 'reservoir_1',
		zh: '密云水库一级保护区（东库区，示例范围）',
		en: 'Reservoir first-level zone, east basin (sample extent)',
		lat: 40.53,
		lng: 117.04,
		radiusM: 6000
	},
	{
		code: 'reservoir_2:main',
		townCode: 'xiwengzhuang',
		kind: 'reservoir_2',
		zh: '密云水库二级保护区（示例范围）',
		en: 'Reservoir second-level zone (sample extent)',
		lat: 40.52,
		lng: 116.98,
		radiusM: 17000
	},
	{
		code: 'scenic:gubei_water_town',
		townCode: 'gubeikou',
		kind: 'scenic',
		zh: '古北水镇·司马台长城（示例范围）',
		en: 'Gubei Water Town and Simatai Great Wall (sample extent)',
		lat: 40.657,
		lng: 117.255,
		radiusM: 2500
	},
	{
		code: 'scenic:yunmeng_mountain',
		townCode: 'shicheng',
		kind: 'scenic',
		zh: '云蒙山（示例范围）',
		en: 'Yunmeng Mountain (sample extent)',
		lat: 40.55,
		lng: 116.72,
		radiusM: 3500
	},
	{
		code: 'scenic:black_dragon_pool',
		townCode: 'shicheng',
		kind: 'scenic',
		zh: '黑龙潭（示例范围）',
		en: 'Black Dragon Pool (sample extent)',
		lat: 40.56,
		lng: 116.79,
		radiusM: 2000
	},
	{
		code: 'scenic:qingliang_valley',
		townCode: 'fengjiayu',
		kind: 'scenic',
		zh: '清凉谷（示例范围）',
		en: 'Qingliang Valley (sample extent)',
		lat: 40.58,
		lng: 116.76,
		radiusM: 2000
	},
	{
		code: 'scenic:taoyuan_valley',
		townCode: 'shicheng',
		kind: 'scenic',
		zh: '桃源仙谷（示例范围）',
		en: 'Taoyuan Fairy Valley (sample extent)',
		lat: 40.52,
		lng: 116.73,
		radiusM: 2000
	},
	{
		code: 'scenic:wuling_mountain',
		townCode: 'xinchengzi',
		kind: 'scenic',
		zh: '雾灵山（示例范围）',
		en: 'Wuling Mountain (sample extent)',
		lat: 40.6,
		lng: 117.45,
		radiusM: 3000
	}
] as const;

/** The defaults the district can change: most specific rule wins (exact category beats `*`). */
export const DEFAULT_RULES: { category: string; zoneKind: string; department: string }[] = [
	{ category: '*', zoneKind: 'reservoir_1', department: 'reservoir_enforcement' },
	{ category: 'reservoir_zone', zoneKind: '*', department: 'reservoir_enforcement' },
	{ category: 'illegal_dumping', zoneKind: 'reservoir_2', department: 'reservoir_enforcement' },
	{ category: 'illegal_dumping', zoneKind: '*', department: 'urban_enforcement' },
	{ category: 'construction_dumping', zoneKind: '*', department: 'city_management' },
	{ category: 'water_debris', zoneKind: '*', department: 'water' },
	{ category: 'litter', zoneKind: 'scenic', department: 'culture_tourism' },
	{ category: 'overflow', zoneKind: 'scenic', department: 'culture_tourism' },
	{ category: 'litter', zoneKind: '*', department: 'town' },
	{ category: 'overflow', zoneKind: '*', department: 'town' }
	// `other` outside these: no rule → admin triage
];

type AnyDb = BetterSQLite3Database<Record<string, unknown>>;

export function loadReportReference(db: AnyDb): void {
	db.transaction((tx) => {
		for (const z of SAMPLE_ZONES) {
			tx.insert(reportZones)
				.values({ ...z, isSample: true })
				.onConflictDoUpdate({
					target: reportZones.code,
					set: { zh: z.zh, en: z.en, lat: z.lat, lng: z.lng, radiusM: z.radiusM, kind: z.kind, townCode: z.townCode },
					where: sql`${reportZones.isSample} = 1`
				})
				.run();
		}
		const n = tx
			.select({ n: sql<number>`count(*)` })
			.from(routingRules)
			.get()!.n;
		if (n === 0) tx.insert(routingRules).values(DEFAULT_RULES).run();
	});
}
