import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, sessionUserFor } from '../testing/builders';
import { setNow, advance } from '../clock';
import * as reportsSvc from '../reports/service';
import { reports, reportPhotos } from '../reports/schema';
import { files } from '../files/schema';
import { auditLog } from '../audit/schema';
import { outbox } from '../outbox/schema';
import { runRetention } from '../app';
import * as rights from './rights';
import * as feedback from './feedback';
import { config } from '../config';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-03-02T02:00:00Z'), { freeze: true }); // Mon 2 Mar 2026
});
afterEach(() => t.close());
const DAY = 86400000;

async function report(place: string, contact: string | null) {
	const bytes = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#975' } })
		.jpeg()
		.toBuffer();
	const r = await reportsSvc.submit(
		t.db,
		{ category: 'overflow', description: '垃圾桶满了，请清运', place, ...(contact ? { contact } : {}) },
		[{ bytes, name: 'a.jpg' }],
		`10.0.0.${Math.floor(Math.random() * 200)}`,
		'zh-CN'
	);
	if (!r.ok) throw new Error(JSON.stringify(r));
	return r.code;
}
async function close(code: string, dept: string) {
	const s = await sessionUserFor(t.db, (await staff(t.db, { department: dept })).userId);
	expect(
		await reportsSvc.transition(t.db, s, code, 'reject', { publicNote: '不属于本部门职责，已转 12345' })
	).toMatchObject({ ok: true });
}
const row = (code: string) => t.db.select().from(reports).where(eq(reports.code, code)).get()!;
const originalsOf = (code: string) =>
	t.db
		.select()
		.from(reportPhotos)
		.where(eq(reportPhotos.reportId, row(code).id))
		.all()
		.map((p) => p.originalFileId);

describe('retention job', () => {
	it('removes contacts 180 days and originals 365 days after closing — exactly those rows — and logs its counts', async () => {
		const old = await report('town:gulou', '13812341234'); // closed now, will be 400 days old
		await close(old, 'town_gulou');
		advance(200 * DAY);
		const mid = await report('town:shicheng', '13912345678'); // closed at day 200 → 200 days old at the run
		await close(mid, 'town_shicheng');
		advance(200 * DAY);
		const recent = await report('town:bulaotun', '13700000000'); // closed just now
		await close(recent, 'town_bulaotun');
		const open = await report('town:gaoling', '13600000000'); // never closed
		const origFile = t.db
			.select()
			.from(files)
			.where(eq(files.id, originalsOf(old)[0]!))
			.get()!;
		expect(fs.existsSync(path.join(config.filesDir, origFile.storagePath))).toBe(true);

		const counts = await runRetention(t.db);
		expect(counts).toEqual({
			reportContactsRemoved: 2,
			reportOriginalsDeleted: 1,
			feedbackContactsRemoved: 0,
			surveyIdentifiersRemoved: 0,
			securityEventsRemoved: 0
		});
		expect([row(old).contact, row(mid).contact, row(recent).contact, row(open).contact]).toEqual([
			null,
			null,
			'13700000000',
			'13600000000'
		]);
		expect(originalsOf(old)).toEqual([null]);
		expect(originalsOf(mid)[0]).not.toBeNull();
		expect(fs.existsSync(path.join(config.filesDir, origFile.storagePath))).toBe(false);
		const log = t.db.select().from(auditLog).where(eq(auditLog.action, 'retention.run')).all();
		expect(log).toHaveLength(1);
		expect(log[0].after).toEqual(counts);
		// a second run finds nothing more to do
		expect(await runRetention(t.db)).toEqual({
			reportContactsRemoved: 0,
			reportOriginalsDeleted: 0,
			feedbackContactsRemoved: 0,
			surveyIdentifiersRemoved: 0,
			securityEventsRemoved: 0
		});
	});
});

describe('personal-data requests', () => {
	it('needs a known tracking code or an account; gets a reference and a 15-working-day deadline', async () => {
		expect(
			rights.submit(
				t.db,
				{ kind: 'deletion', trackingCode: '', details: '请删除我的电话', contact: '' },
				null,
				'1.1.1.1'
			)
		).toEqual({ ok: false, fields: { trackingCode: 'identify' } });
		expect(
			rights.submit(
				t.db,
				{ kind: 'deletion', trackingCode: 'ZZZZZZZZ', details: '请删除我的电话', contact: '' },
				null,
				'1.1.1.1'
			)
		).toEqual({ ok: false, fields: { trackingCode: 'unknown_code' } });
		const code = await report('town:gulou', '13812341234');
		const r = rights.submit(
			t.db,
			{ kind: 'deletion', trackingCode: code.toLowerCase(), details: '请删除我的电话', contact: 'me@example.com' },
			null,
			'1.1.1.1'
		);
		expect(r).toMatchObject({ ok: true, dueDay: '2026-03-23' }); // Mon 2 Mar + 15 working days (counting from Tue 3) = Mon 23 Mar
	});

	it('fulfilling a deletion removes the contact and the originals, is audited, and replies through the outbox', async () => {
		const code = await report('town:gulou', '13812341234');
		const r = rights.submit(
			t.db,
			{ kind: 'deletion', trackingCode: code, details: '请删除我的电话号码', contact: 'me@example.com' },
			null,
			'1.1.1.1'
		);
		if (!r.ok) throw new Error('submit');
		let req = rights.byRef(t.db, r.ref)!;
		// the tracking code is public: nothing is shown or erased until identity is established
		expect(req.verifiedBy).toBeNull();
		expect(rights.heldData(t.db, req)).toBeNull();
		const cityStaff = await sessionUserFor(t.db, (await staff(t.db)).userId);
		expect(await rights.close(t.db, cityStaff, req.id, 'fulfilled', 'x')).toEqual({ ok: false, error: 'forbidden' });
		const admin = await sessionUserFor(t.db, (await staff(t.db, { role: 'admin' })).userId);
		expect(await rights.close(t.db, admin, req.id, 'fulfilled', '已删除')).toEqual({ ok: false, error: 'unverified' });
		expect(rights.verify(t.db, admin, req.id, ' ')).toEqual({ ok: false, error: 'note_required' });
		expect(rights.verify(t.db, admin, req.id, '电话回拨核实了报告内容')).toEqual({ ok: true });
		expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'rights.identity_checked')).all()).toHaveLength(1);
		req = rights.byRef(t.db, r.ref)!;
		expect(rights.heldData(t.db, req)).toMatchObject({ type: 'report', contact: '13812341234', originals: 1 });
		expect(await rights.close(t.db, admin, req.id, 'fulfilled', ' ')).toEqual({ ok: false, error: 'reply_required' });
		expect(await rights.close(t.db, admin, req.id, 'fulfilled', '已删除您的联系电话和原始照片。')).toEqual({
			ok: true
		});
		expect(row(code).contact).toBeNull();
		expect(originalsOf(code)).toEqual([null]);
		expect(await rights.close(t.db, admin, req.id, 'refused', 'again')).toEqual({ ok: false, error: 'closed' });
		expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'rights.fulfil')).all()).toHaveLength(1);
		const mails = t.db.select().from(outbox).where(eq(outbox.recipient, 'me@example.com')).all();
		expect(mails.map((x) => x.template)).toEqual(['rights.ack', 'rights.reply']);
		expect(mails[1].body).toBe('已删除您的联系电话和原始照片。');
	});

	it('a request made with the private key is verified at once', async () => {
		const code = await report('town:gulou', '');
		const r = rights.submit(
			t.db,
			{ kind: 'access', trackingCode: code, details: '我想看你们存了我什么', contact: '' },
			null,
			'1.1.1.1',
			'zh-CN',
			'key'
		);
		if (!r.ok) throw new Error('submit');
		expect(rights.byRef(t.db, r.ref)!.verifiedBy).toBe('key');
	});
});

describe('找错', () => {
	it('keeps only a path on this site, refuses empty details, and is rate-limited per address', () => {
		expect(
			feedback.submit(t.db, { pageUrl: '/sort', kind: 'wrong', details: '', contact: '' }, '2.2.2.2')
		).toMatchObject({ ok: false, fields: { details: 'too_short_text' } });
		expect(
			feedback.submit(
				t.db,
				{ pageUrl: 'https://evil.example/x', kind: 'broken', details: '这个链接打不开', contact: '' },
				'2.2.2.2'
			)
		).toEqual({ ok: true });
		expect(feedback.list(t.db)[0].pageUrl).toBe('/');
		let last;
		for (let i = 0; i < 25; i++)
			last = feedback.submit(
				t.db,
				{ pageUrl: '/sort', kind: 'wrong', details: '分类写错了，应为可回收物', contact: '' },
				'3.3.3.3'
			);
		expect(last).toEqual({ ok: false, error: 'limited', retryAfter: expect.any(Number) });
		expect(
			feedback.submit(
				t.db,
				{ pageUrl: '/sort', kind: 'wrong', details: '分类写错了，应为可回收物', contact: '' },
				'4.4.4.4'
			)
		).toEqual({ ok: true });
	});
});

describe('retention of survey identifiers', () => {
	it('clears device and resume tokens and deletes invitation codes 90 days after a survey closes; answers stay', async () => {
		const svc = await import('../surveys/service');
		const { surveyResponses, surveyInvites } = await import('../surveys/schema');
		const adminId = (await staff(t.db, { role: 'admin' })).userId;
		const c = svc.create(t.db, adminId, {
			slug: 'perception-ret',
			titleZh: '感知调查',
			titleEn: 'Perception',
			collectorZh: '区城管委',
			collectorEn: 'City Management',
			contact: 'survey@example.gov.cn',
			template: true
		});
		if (!c.ok) throw new Error('create');
		svc.transition(t.db, adminId, c.id, 'open');
		const s = svc.byId(t.db, c.id)!;
		const [code] = svc.generateInvites(t.db, adminId, s.id, 3);
		const st = svc.start(t.db, s.slug, { consent: true, invite: code, ip: '1.1.1.1', locale: 'zh-CN' });
		if (!st.ok) throw new Error('start');
		svc.transition(t.db, adminId, s.id, 'close');
		advance(89 * DAY);
		expect((await runRetention(t.db)).surveyIdentifiersRemoved).toBe(0);
		advance(2 * DAY);
		expect((await runRetention(t.db)).surveyIdentifiersRemoved).toBe(4); // one response's identifiers + three codes
		const r = t.db.select().from(surveyResponses).get()!;
		expect([r.deviceHash, r.tokenHash, r.inviteId]).toEqual([null, null, null]);
		expect(t.db.select().from(surveyInvites).all()).toHaveLength(0);
	});
});
