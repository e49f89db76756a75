/**
 * Seeds one 随手拍 report at 古北水镇 (a scenic zone, routed to 区文旅局) with a photo, through the real
 * service, against the journey server's database (run in the worker through tests/in-db.ts).
 */
import sharp from 'sharp';
import type { DB } from '../src/lib/server/db';
import * as reports from '../src/lib/server/reports/service';

export async function seedScreensReport(db: DB): Promise<{ code: string; description: string }> {
	const stamp = Date.now().toString(36);
	const description = `古北水镇停车场旁垃圾桶满溢，塑料袋被风吹进河道（${stamp}）`;
	const jpeg = new Uint8Array(
		await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c84' } })
			.jpeg()
			.toBuffer()
	);
	const r = await reports.submit(
		db,
		{ category: 'overflow', description, place: 'scenic:gubei_water_town', confirmNew: '1' },
		[{ bytes: jpeg, name: 'bins.jpg' }],
		`198.51.100.${Math.floor(Math.random() * 200) + 1}`,
		'zh-CN'
	);
	if (!r.ok) throw new Error(`report: ${JSON.stringify(r)}`);
	return { code: r.code, description };
}
