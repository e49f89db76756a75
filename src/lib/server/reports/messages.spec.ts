import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import sharp from 'sharp';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import * as reportsSvc from './service';
import * as admin from './admin';
import * as follow from './follow';
import { digest, deadlines } from './messages';
import * as outbox from '../outbox';
import { reportFollows } from '../outbox/schema';
import { validateSessionToken, createSession, generateSessionToken } from '../auth/session';
import { setNow, advance } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-09-28T02:00:00Z'), { freeze: true }); // Mon 28 Sep 2026, 10:00 Beijing
});
afterEach(() => t.close());

async function user(opts: Parameters<typeof staff>[1]) {
	const s = await staff(t.db, opts);
	const token = generateSessionToken();
	createSession(t.db, token, s.userId, { twoFactorVerified: true });
	return { ...validateSessionToken(t.db, token).user!, email: s.email ?? '' };
}
async function file(category: string, contact: string, locale = 'zh-CN', lat = 40.374, lng = 116.839) {
	const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#864' } })
		.jpeg()
		.toBuffer();
	const r = await reportsSvc.submit(
		t.db,
		{ category, description: 'Rubbish by the road', lat: String(lat), lng: String(lng), contact, confirmNew: '1' },
		[{ bytes: jpeg, name: 'p.jpg' }],
		'192.0.2.1',
		locale
	);
	if (!r.ok) throw new Error(JSON.stringify(r));
	return r.code;
}
const to = (who: string) => outbox.listFor(t.db, who);
const tpl = (who: string) => to(who).map((m) => m.template);

describe('who hears what about a report', () => {
	it('the reporter hears every step in their language: ack, accepted with deadline, extension, resolved with links, and a follower too until they leave', async () => {
		// 'other' in town goes to triage: admin works it
		const boss = await user({ role: 'admin' });
		const dept = boss;
		const code = await file('other', 'Visitor@Example.com', 'en');
		const [ack] = to('visitor@example.com');
		expect(ack).toMatchObject({ template: 'report.ack', locale: 'en', subject: `Report received: ${code}` });
		// the acknowledgement carries the reporter's private link (issue 16), not the public page
		expect(ack.body).toMatch(/\/en\/report\/mine\/[A-Za-z0-9_-]{32}/);

		expect(follow.request(t.db, code, 'f@example.com', 'zh-CN', '192.0.2.2')).toEqual({ ok: true });
		expect(tpl('f@example.com')).toEqual(['follow.confirm']);
		const token = t.db.select().from(reportFollows).get()!.token;
		// not confirmed yet: nothing about the change
		await reportsSvc.transition(t.db, dept, code, 'accept', {});
		expect(tpl('f@example.com')).toEqual(['follow.confirm']);
		const accepted = to('visitor@example.com')[1];
		expect(accepted.template).toBe('report.accepted');
		expect(accepted.body).toMatch(/by 2026-10-\d\d \d\d:\d\d/);
		expect(follow.confirm(t.db, token)).toBe(code);

		expect(admin.requestExtension(t.db, dept, code, 3, 'Waiting for a truck')).toEqual({ ok: true });
		const ext = admin.pendingExtensions(t.db)[0];
		admin.decideExtension(t.db, boss, ext.id, true);
		expect(tpl('visitor@example.com').at(-1)).toBe('report.extended');
		expect(to('visitor@example.com').at(-1)!.body).toContain('Waiting for a truck');
		expect(tpl('f@example.com')).toEqual(['follow.confirm', 'follow.update']);
		expect(to('f@example.com')[1].body).toContain(`/report/follow/${token}/stop`);

		expect(follow.unsubscribe(t.db, token)).toBe(code);
		await reportsSvc.transition(t.db, dept, code, 'assign', { assignee: 'crew' });
		await reportsSvc.transition(t.db, dept, code, 'start', {});
		await reportsSvc.transition(t.db, dept, code, 'resolve', { publicNote: 'Cleared, thank you' });
		const resolved = to('visitor@example.com').at(-1)!;
		expect(resolved.template).toBe('report.resolved');
		expect(resolved.body).toContain('Cleared, thank you');
		// "fixed / not fixed" is answered on a single-use page of its own (issue 16)
		expect(resolved.body).toMatch(/\/en\/report\/mine\/[A-Za-z0-9_-]{32}/);
		expect(tpl('f@example.com')).toEqual(['follow.confirm', 'follow.update']);
	});

	it('transferred, rejected and duplicate reach the reporter with the public note, by SMS too', async () => {
		const dept = await user({ role: 'admin' });
		const a = await file('other', '13800138001');
		await reportsSvc.transition(t.db, dept, a, 'transfer', { department: 'water' });
		expect(to('13800138001').at(-1)).toMatchObject({ channel: 'sms', template: 'report.transferred' });
		expect(to('13800138001').at(-1)!.body).toContain('区水务局');
		const b = await file('other', 'b@example.com', 'zh-CN', 40.38, 116.84);
		await reportsSvc.transition(t.db, dept, b, 'reject', { publicNote: '不属于本区管辖' });
		expect(to('b@example.com').at(-1)!.body).toContain('不属于本区管辖');
		const c = await file('other', 'c@example.com', 'zh-CN', 40.376, 116.84);
		await reportsSvc.transition(t.db, dept, c, 'duplicate', { original: b });
		expect(to('c@example.com').at(-1)).toMatchObject({ template: 'report.duplicate' });
		expect(to('c@example.com').at(-1)!.body).toContain(b);
	});

	it('staff hear of urgent reports at once, the rest in the 08:30 digest once; due within a day and overdue once each', async () => {
		const dept = await user({ department: 'town_gulou' });
		const boss = await user({ role: 'admin' });
		const urgent = await file('overflow', '');
		expect(tpl(dept.email)).toEqual(['staff.new_report']);
		expect(to(dept.email)[0].subject).toContain(urgent);
		const calm = await file('litter', '');
		expect(digest(t.db)).toBe(1);
		expect(digest(t.db)).toBe(0);
		const d = to(dept.email).at(-1)!;
		expect(d.template).toBe('staff.digest');
		expect(d.body).toContain(calm);
		expect(d.body).not.toContain(urgent);

		await reportsSvc.transition(t.db, dept, calm, 'accept', {});
		const due = reportsSvc.byCode(t.db, calm)!.dueAt!;
		setNow(new Date(due.getTime() - 3600000), { freeze: true });
		expect(deadlines(t.db)).toBeGreaterThanOrEqual(1);
		expect(deadlines(t.db)).toBe(0);
		expect(tpl(dept.email)).toContain('staff.due_soon');
		advance(86400000);
		deadlines(t.db);
		expect(tpl(dept.email)).toContain('staff.overdue');
		expect(tpl(boss.email)).toContain('staff.overdue');
	});
});
