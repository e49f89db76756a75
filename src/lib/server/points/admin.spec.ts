import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import * as admin from './admin';
import * as svc from './service';
import { points } from './schema';
import { auditLog } from '../audit/schema';
import { convert, distanceM } from './geo';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());

const HEADER =
	'id,name_zh,name_en,type,materials,address_zh,address_en,town,lat,lng,coord_system,opening_hours,operator_zh,operator_en,phone,notes_zh,notes_en,is_sample';
const row = (over: Partial<Record<string, string>> = {}) => {
	const v = {
		id: 'test-station-01',
		name_zh: '测试驿站',
		name_en: 'Test station',
		type: 'sorting_station',
		materials: 'paper;batteries',
		address_zh: '鼓楼街道',
		address_en: 'Gulou',
		town: 'gulou',
		lat: '40.3751',
		lng: '116.8412',
		coord_system: 'wgs84',
		opening_hours: 'Mo-Su 07:00-19:00',
		operator_zh: '',
		operator_en: '',
		phone: '',
		notes_zh: '',
		notes_en: '',
		is_sample: 'false',
		...over
	};
	return HEADER.split(',')
		.map((k) => `"${(v as Record<string, string>)[k]}"`)
		.join(',');
};

describe('CSV import', () => {
	it('previews without writing, then imports with an audit row per point', () => {
		const before = t.db.select().from(points).all().length;
		const csv = [HEADER, row(), row({ id: 'test-station-02', lat: '40.3801' })].join('\n');
		const p = admin.previewImport(t.db, csv);
		expect(p.errors).toEqual([]);
		expect(p.rows.map((r) => r.action)).toEqual(['create', 'create']);
		expect(t.db.select().from(points).all()).toHaveLength(before);
		expect(admin.commitImport(t.db, 'staff-1', csv)).toEqual({ ok: true, created: 2, updated: 0 });
		expect(t.db.select().from(points).all()).toHaveLength(before + 2);
		expect(
			t.db
				.select()
				.from(auditLog)
				.all()
				.filter((a) => a.action === 'point.create')
		).toHaveLength(2);
	});

	it('one bad row writes nothing and says which line and why', () => {
		const before = t.db.select().from(points).all().length;
		const csv = [
			HEADER,
			row(),
			row({ id: 'bad-one', type: 'castle' }),
			row({ id: 'far-away', lat: '39.9042', lng: '116.4074' }),
			row({ id: 'no-hours', opening_hours: 'when we like' })
		].join('\n');
		const r = admin.commitImport(t.db, 'staff-1', csv);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.preview.errors).toEqual([
			{ line: 3, column: 'type', error: 'unknown_type', value: 'castle' },
			{ line: 4, column: 'lat', error: 'outside_district', value: '39.9042,116.4074' },
			{ line: 5, column: 'opening_hours', error: 'bad_hours', value: 'when we like' }
		]);
		expect(t.db.select().from(points).all()).toHaveLength(before);
	});

	it('converts GCJ-02 (AMap) coordinates to WGS-84 on import', () => {
		const [gLat, gLng] = convert(40.3751, 116.8412, 'wgs84', 'gcj02');
		const csv = [HEADER, row({ lat: String(gLat), lng: String(gLng), coord_system: 'gcj02' })].join('\n');
		expect(admin.commitImport(t.db, 'staff-1', csv).ok).toBe(true);
		const p = svc.get(t.db, 'test-station-01')!;
		expect(distanceM(p.lat, p.lng, 40.3751, 116.8412)).toBeLessThan(1);
	});

	it('reports missing columns, empty files, bad numbers and duplicate ids', () => {
		expect(admin.previewImport(t.db, '').fileError).toBe('empty');
		expect(admin.previewImport(t.db, 'id,name_zh\nx,y').missingColumns).toContain('lat');
		const p = admin.previewImport(t.db, [HEADER, row({ lat: 'north' }), row(), row()].join('\n'));
		expect(p.errors.map((e) => [e.line, e.error])).toEqual([
			[2, 'bad_number'],
			[3, 'duplicate_id'], // the id of line 2 again
			[4, 'duplicate_id']
		]);
	});

	it('hides and shows a point, audited, and the finder follows', () => {
		const first = t.db.select().from(points).get()!;
		expect(admin.setHidden(t.db, 'staff-1', first.id, true)).toBe(true);
		const all = svc.find(t.db, {
			types: [],
			materials: [],
			towns: [],
			near: null,
			from: null,
			openNow: false,
			limit: 500
		});
		expect(all.results.some((x) => x.point.id === first.id)).toBe(false);
		expect(admin.setHidden(t.db, 'staff-1', first.id, true)).toBe(false);
		expect(admin.setHidden(t.db, 'staff-1', first.id, false)).toBe(true);
		expect(
			t.db
				.select()
				.from(auditLog)
				.all()
				.map((a) => a.action)
		).toEqual(expect.arrayContaining(['point.hide', 'point.show']));
	});

	it('exports what it imports', () => {
		const csv = admin.exportCsv(t.db);
		const again = admin.previewImport(t.db, csv);
		expect(again.errors).toEqual([]);
		expect(again.rows.every((r) => r.action === 'update')).toBe(true);
	});
});

describe('CSV import, review regressions', () => {
	it('re-importing an export keeps hidden points hidden and writes nothing when nothing changed', () => {
		const first = t.db.select().from(points).get()!;
		admin.setHidden(t.db, 'staff-1', first.id, true);
		const audits = t.db.select().from(auditLog).all().length;
		const r = admin.commitImport(t.db, 'staff-1', admin.exportCsv(t.db));
		expect(r).toEqual({ ok: true, created: 0, updated: 0 });
		expect(svc.get(t.db, first.id)!.hidden).toBe(true);
		expect(t.db.select().from(auditLog).all().length).toBe(audits);
	});

	it('reads a GBK/GB18030 file (Excel on Chinese Windows) without garbling names', () => {
		const csv = [HEADER, row({ name_zh: '鼓楼测试驿站' })].join('\n');
		const utf8 = Buffer.from(new TextEncoder().encode(csv)); // valid UTF-8 stays UTF-8
		expect(admin.decodeCsv(utf8)).toBe(csv);
		const gbBytes = Buffer.from([0xb9, 0xc4, 0xc2, 0xa5]); // 鼓楼 in GBK
		expect(admin.decodeCsv(gbBytes)).toBe('鼓楼');
	});
});
