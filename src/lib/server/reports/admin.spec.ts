import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import sharp from 'sharp';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import * as reportsSvc from './service';
import * as admin from './admin';
import { locate, route } from './routing';
import { validateSessionToken, createSession, generateSessionToken } from '../auth/session';
import { setNow } from '../clock';
import * as files from '../files';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-09-28T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

async function user(dept: string | null) {
	const s = await staff(t.db, dept ? { department: dept } : { role: 'admin' });
	const token = generateSessionToken();
	createSession(t.db, token, s.userId);
	return validateSessionToken(t.db, token).user!;
}
async function report(category = 'overflow') {
	const img = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#333' } })
		.jpeg()
		.toBuffer();
	const r = await reportsSvc.submit(
		t.db,
		{ category, description: '垃圾桶满了需要清理', place: 'town:gulou' },
		[{ bytes: img, name: 'a.jpg' }],
		'9.1.1.1',
		'zh-CN'
	);
	if (!r.ok) throw new Error(JSON.stringify(r));
	return r.code;
}

describe('routing table edits', () => {
	it('an admin rule changes where the next report goes; removing it restores triage', async () => {
		const a = await user(null);
		const where = locate(t.db, 40.374, 116.839)!;
		expect(route(t.db, 'other', where)).toBeNull();
		expect(admin.addRule(t.db, a.id, { category: 'other', zoneKind: 'town', department: 'town' })).toEqual({
			ok: true
		});
		expect(route(t.db, 'other', where)).toBe('town_gulou');
		expect(admin.addRule(t.db, a.id, { category: 'other', zoneKind: 'town', department: 'water' })).toEqual({
			ok: false,
			error: 'exists'
		});
		expect(admin.addRule(t.db, a.id, { category: 'castle', zoneKind: 'town', department: 'water' })).toEqual({
			ok: false,
			error: 'invalid'
		});
		const rule = admin.rules(t.db).find((r) => r.category === 'other')!;
		expect(admin.removeRule(t.db, a.id, rule.id)).toBe(true);
		expect(route(t.db, 'other', where)).toBeNull();
	});
});

describe('photo moderation', () => {
	it('a hidden photo is not served to the public but still to the department', async () => {
		const code = await report();
		const dept = await user('town_gulou');
		const [p] = reportsSvc.photos(t.db, reportsSvc.byCode(t.db, code)!.id);
		const file = files.get(t.db, p.fileId)!;
		expect(files.mayView(t.db, file, null)).toBe(true);
		expect(admin.setPhotoHidden(t.db, dept, code, p.id, true)).toBe(true);
		expect(files.mayView(t.db, file, null)).toBe(false);
		expect(files.mayView(t.db, file, dept)).toBe(true);
		const other = await user('water');
		expect(admin.setPhotoHidden(t.db, other, code, p.id, false)).toBe(false);
	});
});

describe('deadline extensions', () => {
	it('the department asks, an admin approves, the due day moves in working days across National Day', async () => {
		const code = await report('litter'); // litter: 3 working days
		const dept = await user('town_gulou');
		const a = await user(null);
		expect(admin.requestExtension(t.db, dept, code, 2, '需要协调清运车辆')).toEqual({
			ok: false,
			error: 'no_deadline'
		});
		await reportsSvc.transition(t.db, dept, code, 'accept', {});
		expect(reportsSvc.byCode(t.db, code)!.dueAt).toEqual(new Date('2026-10-08T23:59:59+08:00'));
		expect(admin.requestExtension(t.db, dept, code, 0, 'x')).toEqual({ ok: false, error: 'invalid' });
		expect(admin.requestExtension(t.db, dept, code, 2, '需要协调清运车辆')).toEqual({ ok: true });
		expect(admin.requestExtension(t.db, dept, code, 2, 'again')).toEqual({ ok: false, error: 'pending_exists' });
		const [pending] = admin.pendingExtensions(t.db);
		expect(admin.decideExtension(t.db, dept, pending.id, true)).toEqual({ ok: false, error: 'forbidden' });
		// 8 Oct (Thu) + 2 working days: 9 Oct (Fri), 10 Oct (Saturday, a make-up working day)
		expect(admin.decideExtension(t.db, a, pending.id, true)).toEqual({
			ok: true,
			dueAt: new Date('2026-10-10T23:59:59+08:00')
		});
		expect(reportsSvc.byCode(t.db, code)!.dueAt).toEqual(new Date('2026-10-10T23:59:59+08:00'));
		const tl = reportsSvc.timeline(t.db, reportsSvc.byCode(t.db, code)!.id);
		expect(tl.at(-1)!.publicNote).toBe('2026-10-08 23:59 → 2026-10-10 23:59: 需要协调清运车辆');
		expect(admin.decideExtension(t.db, a, pending.id, false)).toEqual({ ok: false, error: 'not_pending' });
	});
});
