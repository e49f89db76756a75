import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import sharp from 'sharp';
import { createTestDb, type TestDb } from '../testing/db';
import * as reportsSvc from './service';
import { locate, resolvePlace, route } from './routing';
import { SAMPLE_ZONES } from './reference';
import { setNow } from '../clock';
import { TOWNS } from '../reference';
import { serialiseRequests } from './open311';
import { staff } from '../testing/builders';
import { validateSessionToken, createSession, generateSessionToken } from '../auth/session';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-09-28T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

const photo = () =>
	sharp({ create: { width: 64, height: 64, channels: 3, background: '#486' } })
		.jpeg()
		.toBuffer();
const townDept = (town: string) => (town === 'zgc_park' ? 'zgc_park_admin' : `town_${town}`);

/** What a full bin reported at each shipped place must be routed to, by the place's own kind. */
const OVERFLOW_AT: Record<string, string> = {
	reservoir_1: 'reservoir_enforcement',
	scenic: 'culture_tourism'
};

describe('a chosen place is the report’s place and decides the routing (issue 18)', () => {
	for (const z of SAMPLE_ZONES) {
		it(`place ${z.code} stays ${z.code}, in ${z.townCode}`, () => {
			const p = resolvePlace(t.db, z.code, null);
			if (typeof p === 'string') throw new Error(p);
			expect(p.where).toEqual({ zoneCode: z.code, zoneKind: z.kind, townCode: z.townCode });
			expect(route(t.db, 'overflow', p.where)).toBe(OVERFLOW_AT[z.kind] ?? townDept(z.townCode));
		});
	}
	for (const town of TOWNS) {
		it(`place town:${town.code} stays that town`, () => {
			const p = resolvePlace(t.db, `town:${town.code}`, null);
			if (typeof p === 'string') throw new Error(p);
			expect(p.where).toEqual({ zoneCode: null, zoneKind: 'town', townCode: town.code });
			expect(route(t.db, 'overflow', p.where)).toBe(townDept(town.code));
		});
	}
	it('the bugs as filed: 黑龙潭 is not the second-level zone, 桃源仙谷 not 云蒙山, 二级 not 一级', () => {
		const at = (code: string) => (resolvePlace(t.db, code, null) as { where: { zoneCode: string } }).where.zoneCode;
		expect(at('scenic:black_dragon_pool')).toBe('scenic:black_dragon_pool');
		expect(at('scenic:taoyuan_valley')).toBe('scenic:taoyuan_valley');
		expect(at('reservoir_2:main')).toBe('reservoir_2:main');
		// the way it used to be worked out, from the centre point, gives the wrong zone for all three
		expect(locate(t.db, 40.56, 116.79)!.zoneCode).toBe('reservoir_2:main');
		expect(locate(t.db, 40.52, 116.98)!.zoneCode).toBe('reservoir_1:west');
	});
	it('the first-level zone still overrides a chosen place when the GPS position is inside it', () => {
		const p = resolvePlace(t.db, 'scenic:black_dragon_pool', { lat: 40.5, lng: 116.93 });
		if (typeof p === 'string') throw new Error(p);
		expect(p.where.zoneKind).toBe('reservoir_1');
		expect(route(t.db, 'overflow', p.where)).toBe('reservoir_enforcement');
		// a GPS fix elsewhere does not move the chosen place; it is kept as the position for staff
		const q = resolvePlace(t.db, 'scenic:black_dragon_pool', { lat: 40.374, lng: 116.839 });
		expect(q).toMatchObject({ where: { zoneCode: 'scenic:black_dragon_pool' }, lat: 40.374 });
		// a fix outside the district is not kept with a chosen place
		expect(resolvePlace(t.db, 'scenic:black_dragon_pool', { lat: 39.9, lng: 116.4 })).toMatchObject({
			lat: 40.56,
			where: { zoneCode: 'scenic:black_dragon_pool' }
		});
	});
	it('an unknown place is refused; a GPS position alone is placed in the documented order', () => {
		expect(resolvePlace(t.db, 'scenic:nowhere', null)).toBe('bad');
		expect(resolvePlace(t.db, '', { lat: 39.9, lng: 116.4 })).toBe('outside');
		expect(resolvePlace(t.db, '', { lat: 40.5, lng: 116.93 })).toMatchObject({ where: { zoneKind: 'reservoir_1' } });
	});
	it('司马台 is in 古北口镇, though 新城子镇’s centre is nearer', () => {
		expect(locate(t.db, 40.6569, 117.2636)).toMatchObject({
			townCode: 'gubeikou',
			zoneCode: 'scenic:gubei_water_town'
		});
	});
	it('filed at scenic:black_dragon_pool as overflow: 黑龙潭, 石城镇, to 区文旅局', async () => {
		const r = await reportsSvc.submit(
			t.db,
			{ category: 'overflow', description: '垃圾桶满了，溢出来了', place: 'scenic:black_dragon_pool' },
			[{ bytes: await photo(), name: 'p.jpg' }],
			'192.0.2.1',
			'zh-CN'
		);
		expect(r).toMatchObject({ ok: true, department: 'culture_tourism' });
		if (!r.ok) return;
		expect(reportsSvc.byCode(t.db, r.code)).toMatchObject({
			zoneCode: 'scenic:black_dragon_pool',
			zoneKind: 'scenic',
			townCode: 'shicheng'
		});
		// Open311 names the place and 区文旅局; once accepted, 24 clock hours (a full bin is urgent)
		const [req] = serialiseRequests(t.db, [reportsSvc.byCode(t.db, r.code)!], 'https://example.org');
		expect(req.address).toContain('黑龙潭');
		expect(req.agency_responsible).toContain('区文旅局');
		const s = await staff(t.db, { department: 'culture_tourism' });
		const token = generateSessionToken();
		createSession(t.db, token, s.userId);
		const user = validateSessionToken(t.db, token).user!;
		expect(await reportsSvc.transition(t.db, user, r.code, 'accept', {})).toMatchObject({ ok: true });
		const [after] = serialiseRequests(t.db, [reportsSvc.byCode(t.db, r.code)!], 'https://example.org');
		expect(after.expected_datetime).toBe('2026-09-29T10:00:00+08:00');
	});
});
