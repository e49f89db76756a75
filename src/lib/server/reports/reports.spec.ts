import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import * as reportsSvc from './service';
import * as keys from './keys';
import { locate, route } from './routing';
import { TRANSITIONS, allowed } from './workflow';
import { figures, stats, period } from './stats';
import { reports, REPORT_STATUSES, type ReportStatus } from './schema';
import { validateSessionToken, createSession, generateSessionToken } from '../auth/session';
import { setNow, advance } from '../clock';
import { config } from '../config';
import { DEPARTMENTS, REPORT_CATEGORIES, TOWNS } from '../reference';
import { towns as townsTable } from '../reference/schema';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-09-28T02:00:00Z'), { freeze: true }); // Mon 28 Sep 2026, 10:00 Beijing
});
afterEach(() => t.close());

async function photo(withGps = true) {
	const img = sharp({ create: { width: 800, height: 600, channels: 3, background: '#864' } }).jpeg();
	return withGps
		? img
				.withExif({
					IFD0: { Make: 'PhoneCo' },
					IFD3: {
						GPSLatitudeRef: 'N',
						GPSLatitude: '40/1 22/1 0/1',
						GPSLongitudeRef: 'E',
						GPSLongitude: '116/1 50/1 0/1'
					}
				})
				.toBuffer()
		: img.toBuffer();
}
/** What the reporter's private link opens (the test fails if the key does not). */
function owner(key: string, ip = '9.9.9.9') {
	const o = keys.open(t.db, key, ip);
	if (!o.ok) throw new Error(`key refused: ${o.error}`);
	return o;
}
async function sessionUser(userId: string) {
	const token = generateSessionToken();
	createSession(t.db, token, userId);
	return validateSessionToken(t.db, token).user!;
}
const SPOTS = {
	town: { lat: 40.374, lng: 116.839 }, // 鼓楼 (district seat)
	reservoir1: { lat: 40.5, lng: 116.93 },
	reservoir2: { lat: 40.43, lng: 116.95 }, // near 穆家峪, outside the first-level circles
	scenic: { lat: 40.657, lng: 117.255 } // 古北水镇
};

describe('routing table: every category × zone goes to exactly one department or triage', () => {
	const expected: Record<string, Record<keyof typeof SPOTS, string | null>> = {
		litter: {
			town: 'town_gulou',
			reservoir1: 'reservoir_enforcement',
			reservoir2: 'town_mujiayu',
			scenic: 'culture_tourism'
		},
		overflow: {
			town: 'town_gulou',
			reservoir1: 'reservoir_enforcement',
			reservoir2: 'town_mujiayu',
			scenic: 'culture_tourism'
		},
		illegal_dumping: {
			town: 'urban_enforcement',
			reservoir1: 'reservoir_enforcement',
			reservoir2: 'reservoir_enforcement',
			scenic: 'urban_enforcement'
		},
		construction_dumping: {
			town: 'city_management',
			reservoir1: 'reservoir_enforcement',
			reservoir2: 'city_management',
			scenic: 'city_management'
		},
		water_debris: { town: 'water', reservoir1: 'reservoir_enforcement', reservoir2: 'water', scenic: 'water' },
		reservoir_zone: {
			town: 'reservoir_enforcement',
			reservoir1: 'reservoir_enforcement',
			reservoir2: 'reservoir_enforcement',
			scenic: 'reservoir_enforcement'
		},
		other: { town: null, reservoir1: 'reservoir_enforcement', reservoir2: null, scenic: null }
	};
	it('covers every report category', () =>
		expect(Object.keys(expected).sort()).toEqual(REPORT_CATEGORIES.map((c) => c.code).sort()));
	for (const [cat, byZone] of Object.entries(expected)) {
		for (const [spot, dept] of Object.entries(byZone)) {
			it(`${cat} in ${spot} → ${dept ?? 'admin triage'}`, () => {
				const where = locate(t.db, SPOTS[spot as keyof typeof SPOTS].lat, SPOTS[spot as keyof typeof SPOTS].lng)!;
				expect(route(t.db, cat, where)).toBe(dept);
			});
		}
	}
	it('a report from every town and the park goes to a department that exists (the park has no town_ code: a bench run found a 500 there)', async () => {
		const known = new Set(DEPARTMENTS.map((d) => d.code));
		for (const town of TOWNS) {
			const where = { townCode: town.code, zoneCode: null, zoneKind: 'town' } as Parameters<typeof route>[2];
			const dept = route(t.db, 'litter', where);
			expect(dept === null || known.has(dept), `${town.code} → ${dept}`).toBe(true);
		}
		expect(
			route(t.db, 'litter', { townCode: 'zgc_park', zoneCode: null, zoneKind: 'town' } as Parameters<typeof route>[2])
		).toBe('zgc_park_admin');
		// and through the whole submission, at the park's centre
		const centre = t.db.select().from(townsTable).where(eq(townsTable.code, 'zgc_park')).get()!;
		const r = await reportsSvc.submit(
			t.db,
			{
				category: 'litter',
				description: 'Litter by the park gate',
				lat: String(centre.lat),
				lng: String(centre.lng),
				confirmNew: '1'
			},
			[{ bytes: await photo(false), name: 'p.jpg' }],
			'192.0.2.9',
			'en'
		);
		expect(r.ok).toBe(true);
	});
	it('places zones by kind, first-level before second-level', () => {
		expect(locate(t.db, SPOTS.reservoir1.lat, SPOTS.reservoir1.lng)!.zoneKind).toBe('reservoir_1');
		expect(locate(t.db, SPOTS.reservoir2.lat, SPOTS.reservoir2.lng)!.zoneKind).toBe('reservoir_2');
		expect(locate(t.db, SPOTS.scenic.lat, SPOTS.scenic.lng)!.zoneCode).toBe('scenic:gubei_water_town');
		expect(locate(t.db, 39.9042, 116.4074)).toBeNull(); // Tian'anmen: outside Miyun
	});
});

describe('state machine', () => {
	const all = REPORT_STATUSES as readonly ReportStatus[];
	it('allows exactly the listed transitions for staff', () => {
		for (const [action, tr] of Object.entries(TRANSITIONS)) {
			for (const from of all) {
				expect(allowed(action, from, 'staff'), `${action} from ${from}`).toBe(
					(tr.from as readonly string[]).includes(from) && (tr.who as readonly string[]).includes('staff')
				);
			}
		}
		expect(allowed('resolve', 'pending', 'staff')).toBe(false);
		expect(allowed('reopen', 'resolved', 'staff')).toBe(false);
		expect(allowed('reopen', 'resolved', 'reporter')).toBe(true);
		expect(allowed('fly', 'pending', 'admin')).toBe(false);
	});
});

describe('a report through its life', () => {
	it('submit → accept (deadline in working days across National Day) → assign → start → resolve with after photo → reporter reopens, then confirms', async () => {
		const s = await staff(t.db, { department: 'town_gulou' });
		const user = await sessionUser(s.userId);
		const r = await reportsSvc.submit(
			t.db,
			{ category: 'litter', description: '河边有一堆塑料瓶', lat: '40.374', lng: '116.839', contact: '139' },
			[{ bytes: await photo(), name: 'a.jpg' }],
			'1.2.3.4',
			'zh-CN'
		);
		expect(r).toMatchObject({ ok: true, department: 'town_gulou' });
		if (!r.ok) return;
		expect(r.code).toMatch(reportsSvc.TRACKING_RE);
		const rep = reportsSvc.byCode(t.db, r.code.toLowerCase())!;
		// the public photo has no EXIF/GPS; the original keeps it for staff
		const [ph] = reportsSvc.photos(t.db, rep.id);
		const pub = t.db.$client.prepare('select storage_path from files where id = ?').get(ph.fileId) as {
			storage_path: string;
		};
		expect(
			(await sharp(fs.readFileSync(path.join(config.filesDir, pub.storage_path))).metadata()).exif
		).toBeUndefined();
		const orig = t.db.$client.prepare('select storage_path from files where id = ?').get(ph.originalFileId) as {
			storage_path: string;
		};
		expect((await sharp(fs.readFileSync(path.join(config.filesDir, orig.storage_path))).metadata()).exif).toBeDefined();

		expect(await reportsSvc.transition(t.db, user, r.code, 'resolve', {})).toEqual({ ok: false, error: 'illegal' });
		expect(await reportsSvc.transition(t.db, user, r.code, 'accept', {})).toEqual({ ok: true, status: 'accepted' });
		// litter: 3 working days from Mon 28 Sep: 29, 30 Sep, then 1–7 Oct are holidays → 8 Oct
		expect(reportsSvc.byCode(t.db, r.code)!.dueAt).toEqual(new Date('2026-10-08T23:59:59+08:00'));
		await reportsSvc.transition(t.db, user, r.code, 'assign', { assignee: '清洁队' });
		await reportsSvc.transition(t.db, user, r.code, 'start', {});
		expect(await reportsSvc.transition(t.db, user, r.code, 'resolve', { publicNote: '已清理' })).toEqual({
			ok: false,
			error: 'after_photo_required'
		});
		expect(
			await reportsSvc.transition(t.db, user, r.code, 'resolve', {
				photo: { bytes: await photo(false), name: 'b.jpg' }
			})
		).toEqual({ ok: false, error: 'public_note_required' });
		expect(
			await reportsSvc.transition(t.db, user, r.code, 'resolve', {
				publicNote: '已清理',
				photo: { bytes: await photo(false), name: 'b.jpg' }
			})
		).toEqual({ ok: true, status: 'resolved' });
		expect(reportsSvc.followUp(t.db, owner(r.key), false, '还在')).toEqual({ ok: true });
		const reopened = reportsSvc.byCode(t.db, r.code)!;
		expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1 });
		await reportsSvc.transition(t.db, user, r.code, 'resolve', {
			publicNote: '再次清理',
			photo: { bytes: await photo(false), name: 'c.jpg' }
		});
		expect(reportsSvc.followUp(t.db, owner(r.key), true, '')).toEqual({ ok: true });
		expect(reportsSvc.followUp(t.db, owner(r.key), true, '')).toEqual({ ok: false, error: 'already_confirmed' });
		const tl = reportsSvc.timeline(t.db, rep.id).map((e) => e.toStatus);
		expect(tl).toEqual([
			'pending',
			'accepted',
			'assigned',
			'in_progress',
			'resolved',
			'in_progress',
			'resolved',
			'resolved'
		]);
	});

	it("another department's staff can neither see nor move it; the follow-up window closes after 7 days", async () => {
		const mine = await sessionUser((await staff(t.db, { department: 'culture_tourism' })).userId);
		const other = await sessionUser((await staff(t.db, { department: 'water' })).userId);
		const r = await reportsSvc.submit(
			t.db,
			{ category: 'overflow', description: '景区垃圾桶满了', place: 'scenic:gubei_water_town' },
			[{ bytes: await photo(), name: 'a.jpg' }],
			'1.2.3.5',
			'en'
		);
		if (!r.ok) throw new Error(JSON.stringify(r));
		expect(reportsSvc.queue(t.db, other).some((x) => x.code === r.code)).toBe(false);
		expect(reportsSvc.queue(t.db, mine).some((x) => x.code === r.code)).toBe(true);
		expect(await reportsSvc.transition(t.db, other, r.code, 'accept', {})).toEqual({ ok: false, error: 'forbidden' });
		for (const a of ['accept', 'assign', 'start']) await reportsSvc.transition(t.db, mine, r.code, a, {});
		// overflow needs no photo proof, only a public reply
		expect(await reportsSvc.transition(t.db, mine, r.code, 'resolve', { publicNote: 'Emptied' })).toEqual({
			ok: true,
			status: 'resolved'
		});
		advance(8 * 86400000);
		expect(reportsSvc.followUp(t.db, owner(r.key), false, '')).toEqual({ ok: false, error: 'window_closed' });
	});

	it('refuses bad input and writes nothing: no photo, a script as photo, outside Miyun, no place', async () => {
		const count = () => t.db.select().from(reports).all().length;
		expect(
			await reportsSvc.submit(
				t.db,
				{ category: 'litter', description: '一些垃圾在这里', place: 'town:gulou' },
				[],
				'5.5.5.5',
				'zh-CN'
			)
		).toMatchObject({ ok: false, fields: { photos: 'photo_required' } });
		const polyglot = Buffer.concat([Buffer.from('<script>alert(1)</script>'), await photo()]);
		expect(
			await reportsSvc.submit(
				t.db,
				{ category: 'litter', description: '一些垃圾在这里', place: 'town:gulou' },
				[{ bytes: polyglot, name: 'x.jpg' }],
				'5.5.5.5',
				'zh-CN'
			)
		).toMatchObject({ ok: false, fields: { photos: 'photo_bad_type' } });
		expect(
			await reportsSvc.submit(
				t.db,
				{ category: 'litter', description: '一些垃圾在这里', lat: '39.9', lng: '116.4' },
				[{ bytes: await photo(), name: 'a.jpg' }],
				'5.5.5.5',
				'zh-CN'
			)
		).toMatchObject({ ok: false, error: 'outside' });
		expect(
			await reportsSvc.submit(
				t.db,
				{ category: 'nope', description: 'x' },
				[{ bytes: await photo(), name: 'a.jpg' }],
				'5.5.5.5',
				'zh-CN'
			)
		).toMatchObject({ ok: false, fields: { category: 'choose', description: 'description_short' } });
		expect(count()).toBe(0);
	});

	it('limits submissions per address: 5 an hour', async () => {
		const p = await photo(false);
		for (let i = 0; i < 5; i++)
			expect(
				(
					await reportsSvc.submit(
						t.db,
						{ category: 'overflow', description: '垃圾桶满了满了', place: 'town:gulou', confirmNew: '1' },
						[{ bytes: p, name: 'a.jpg' }],
						'6.6.6.6',
						'zh-CN'
					)
				).ok
			).toBe(true);
		expect(
			await reportsSvc.submit(
				t.db,
				{ category: 'overflow', description: '垃圾桶满了满了', place: 'town:gulou', confirmNew: '1' },
				[{ bytes: p, name: 'a.jpg' }],
				'6.6.6.6',
				'zh-CN'
			)
		).toMatchObject({ ok: false, error: 'limited' });
		expect(
			(
				await reportsSvc.submit(
					t.db,
					{ category: 'overflow', description: '垃圾桶满了满了', place: 'town:gulou', confirmNew: '1' },
					[{ bytes: p, name: 'a.jpg' }],
					'6.6.6.7',
					'zh-CN'
				)
			).ok
		).toBe(true);
	});
});

describe('public view', () => {
	it('coarsens positions to about 100 m, or as configured per category', () => {
		expect(reportsSvc.coarsen(40.374567, 116.839123)).toEqual({ lat: 40.375, lng: 116.839 });
		process.env.REPORT_PUBLIC_DECIMALS = 'reservoir_zone:2,*:3';
		try {
			expect(reportsSvc.coarsen(40.374567, 116.839123, 'reservoir_zone')).toEqual({ lat: 40.37, lng: 116.84 });
			expect(reportsSvc.coarsen(40.374567, 116.839123, 'litter')).toEqual({ lat: 40.375, lng: 116.839 });
		} finally {
			delete process.env.REPORT_PUBLIC_DECIMALS;
		}
	});
});

describe('statistics (indicator 52)', () => {
	const base = {
		code: 'X',
		category: 'litter',
		description: '',
		lat: 40,
		lng: 116,
		townCode: 'gulou',
		zoneCode: null,
		zoneKind: 'town',
		departmentCode: 'town_gulou',
		contact: null,
		locale: 'zh-CN',
		duplicateOf: null,
		assignee: null,
		reopenCount: 0,
		confirmedAt: null,
		hidden: false,
		isDemo: false
	};
	const h = 3600000;
	const t0 = Date.parse('2026-03-02T00:00:00Z');
	const fixture = [
		// accepted after 1 h, resolved 10 h later, on time
		{
			...base,
			id: 1,
			status: 'resolved',
			createdAt: new Date(t0),
			acceptedAt: new Date(t0 + h),
			resolvedAt: new Date(t0 + 11 * h),
			dueAt: new Date('2026-03-05T23:59:59+08:00')
		},
		// accepted after 3 h, resolved 100 h later, late
		{
			...base,
			id: 2,
			status: 'resolved',
			createdAt: new Date(t0),
			acceptedAt: new Date(t0 + 3 * h),
			resolvedAt: new Date(t0 + 103 * h),
			dueAt: new Date('2026-03-03T23:59:59+08:00')
		},
		// accepted after 2 h, still open (reopened)
		{
			...base,
			id: 3,
			status: 'in_progress',
			createdAt: new Date(t0),
			acceptedAt: new Date(t0 + 2 * h),
			resolvedAt: null,
			dueAt: new Date('2026-03-05T23:59:59+08:00'),
			reopenCount: 1
		},
		// transferred: stays in, unresolved
		{
			...base,
			id: 4,
			status: 'transferred',
			createdAt: new Date(t0),
			acceptedAt: new Date(t0 + 5 * h),
			resolvedAt: null,
			dueAt: new Date('2026-03-05T23:59:59+08:00'),
			departmentCode: 'water'
		}
	] as unknown as Parameters<typeof figures>[0];

	it('computes rate, medians, p90 and on-time share from a fixture', () => {
		expect(figures(fixture)).toEqual({
			accepted: 4,
			resolved: 2,
			resolutionRate: 0.5,
			medianHoursToAccept: 2,
			p90HoursToAccept: 5,
			medianHoursToResolve: 10,
			p90HoursToResolve: 100,
			withinDeadlineRate: 0.5
		});
		expect(figures([])).toMatchObject({ accepted: 0, resolutionRate: null, medianHoursToAccept: null });
	});

	it('counts by acceptance day in Beijing, leaves out duplicates and demo records, breaks down by department', () => {
		for (const r of fixture)
			t.db
				.insert(reports)
				.values({ ...r, id: undefined, code: `CODE000${r.id}` } as never)
				.run();
		t.db
			.insert(reports)
			.values({ ...fixture[0], id: undefined, code: 'DUPL0001', status: 'duplicate' } as never)
			.run();
		t.db
			.insert(reports)
			.values({ ...fixture[0], id: undefined, code: 'DEMO0001', isDemo: true } as never)
			.run();
		const s = stats(t.db, '2026-03-01', '2026-03-31');
		expect(s).toMatchObject({ accepted: 4, resolved: 2, resolutionRate: 0.5 });
		expect(s.byDepartment.map((d) => [d.code, d.accepted, d.resolved])).toEqual([
			['town_gulou', 3, 2],
			['water', 1, 0]
		]);
		// accepted 08:00-13:00 Beijing on 2 March: not in February
		expect(stats(t.db, '2026-02-01', '2026-02-28').accepted).toBe(0);
		expect(t.db.select().from(reports).where(eq(reports.status, 'duplicate')).all()).toHaveLength(1);
	});

	it('reads periods, defaulting to the last 12 months', () => {
		expect(period(null, null, '2026-11-28')).toEqual({ from: '2025-11-29', to: '2026-11-28' });
		expect(period('2026-01-01', '2026-01-31', '2026-11-28')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
		expect(period('2026-02-01', '2026-01-01', '2026-11-28')).toBeNull();
		expect(period('yesterday', null, '2026-11-28')).toBeNull();
		// a malformed end with no start is refused, not thrown (found by tests/fuzz.e2e.ts)
		expect(period(null, 'xxxx', '2026-11-28')).toBeNull();
		expect(period(null, '2026-13-45', '2026-11-28')).toBeNull();
	});
});

describe('moderation', () => {
	async function oneReport() {
		const r = await reportsSvc.submit(
			t.db,
			{ category: 'litter', description: '路边有人扔了很多垃圾', place: 'town:gulou' },
			[{ bytes: await photo(false), name: 'a.jpg' }],
			'8.8.8.1',
			'zh-CN'
		);
		if (!r.ok) throw new Error();
		return r.code;
	}
	it('three distinct visitors flagging hide a report until staff show it again', async () => {
		const code = await oneReport();
		expect(reportsSvc.flag(t.db, code, '1.1.1.1')).toEqual({ ok: true, hidden: false });
		expect(reportsSvc.flag(t.db, code, '1.1.1.1')).toEqual({ ok: true, hidden: false }); // same visitor again
		expect(reportsSvc.flag(t.db, code, '1.1.1.2')).toEqual({ ok: true, hidden: false });
		expect(reportsSvc.flag(t.db, code, '1.1.1.3')).toEqual({ ok: true, hidden: true });
		expect(reportsSvc.publicList(t.db).some((x) => x.code === code)).toBe(false);
		const user = await sessionUser((await staff(t.db, { department: 'town_gulou' })).userId);
		expect(reportsSvc.setHidden(t.db, user, code, false, '')).toEqual({ ok: true });
		expect(reportsSvc.publicList(t.db).some((x) => x.code === code)).toBe(true);
	});
	it('staff hide with a reason only, and only their own reports; the public list carries no contact', async () => {
		const code = await oneReport();
		const mine = await sessionUser((await staff(t.db, { department: 'town_gulou' })).userId);
		const other = await sessionUser((await staff(t.db, { department: 'water' })).userId);
		expect(reportsSvc.setHidden(t.db, mine, code, true, ' ')).toEqual({ ok: false, error: 'reason_required' });
		expect(reportsSvc.setHidden(t.db, other, code, true, 'x')).toEqual({ ok: false, error: 'forbidden' });
		const listed = reportsSvc.publicList(t.db).find((x) => x.code === code)!;
		expect(Object.keys(listed)).not.toContain('contact');
		expect(listed.lat * 1000).toBeCloseTo(Math.round(listed.lat * 1000), 6);
		expect(reportsSvc.setHidden(t.db, mine, code, true, '含有他人车牌')).toEqual({ ok: true });
		expect(reportsSvc.byCode(t.db, code)!.hiddenReason).toBe('含有他人车牌');
	});
});

describe('same problem nearby', () => {
	it('offers the open report within 250 m instead of filing a second one, unless the visitor confirms', async () => {
		const p = await photo(false);
		const first = await reportsSvc.submit(
			t.db,
			{ category: 'overflow', description: '垃圾桶满了满了', lat: '40.3740', lng: '116.8390' },
			[{ bytes: p, name: 'a.jpg' }],
			'4.4.4.1',
			'zh-CN'
		);
		if (!first.ok) throw new Error();
		// 100 m away, same category: looks like the same bin
		const again = await reportsSvc.submit(
			t.db,
			{ category: 'overflow', description: '这个垃圾桶又满了', lat: '40.3749', lng: '116.8390' },
			[{ bytes: p, name: 'a.jpg' }],
			'4.4.4.2',
			'zh-CN'
		);
		expect(again).toEqual({ ok: false, error: 'possible_duplicate', fields: {}, duplicate: first.code });
		// another category, or 500 m away, is not offered
		expect(
			(
				await reportsSvc.submit(
					t.db,
					{ category: 'litter', description: '地上很多垃圾纸屑', lat: '40.3749', lng: '116.8390' },
					[{ bytes: p, name: 'a.jpg' }],
					'4.4.4.3',
					'zh-CN'
				)
			).ok
		).toBe(true);
		expect(
			(
				await reportsSvc.submit(
					t.db,
					{ category: 'overflow', description: '另一个垃圾桶满了', lat: '40.3790', lng: '116.8390' },
					[{ bytes: p, name: 'a.jpg' }],
					'4.4.4.4',
					'zh-CN'
				)
			).ok
		).toBe(true);
		// confirmed as a different problem: filed
		expect(
			(
				await reportsSvc.submit(
					t.db,
					{ category: 'overflow', description: '这个垃圾桶又满了', lat: '40.3749', lng: '116.8390', confirmNew: '1' },
					[{ bytes: p, name: 'a.jpg' }],
					'4.4.4.2',
					'zh-CN'
				)
			).ok
		).toBe(true);
		// or the first reporter adds the photo through their private link
		expect(await reportsSvc.addPhoto(t.db, owner(first.key), { bytes: p, name: 'b.jpg' }, '4.4.4.2')).toEqual({
			ok: true
		});
		expect(reportsSvc.photos(t.db, reportsSvc.byCode(t.db, first.code)!.id)).toHaveLength(2);
		expect(
			await reportsSvc.addPhoto(
				t.db,
				owner(first.key),
				{ bytes: Buffer.from('not an image'), name: 'b.jpg' },
				'4.4.4.2'
			)
		).toEqual({ ok: false, error: 'photo_bad_type' });
	});
});
