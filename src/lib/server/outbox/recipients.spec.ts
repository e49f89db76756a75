/**
 * Issue 17 leftovers, read from the composed messages: staff hear in the language they chose
 * (Chinese until they choose), with names rather than codes; a follower's update carries
 * List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) pointing at its one-click link.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import sharp from 'sharp';
import nodemailer from 'nodemailer';
import { simpleParser } from 'mailparser';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, sessionUserFor } from '../testing/builders';
import * as reportsSvc from '../reports/service';
import * as follow from '../reports/follow';
import * as outbox from './index';
import { reportFollows } from './schema';
import { mailOf } from './senders';
import * as prefs from './prefs';
import { localeOf } from './notify';
import { setNow, resetClock } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-09-28T02:00:00Z'), { freeze: true });
}, 60000);
afterEach(() => {
	t.close();
	resetClock();
});

async function file(category: string, contact: string) {
	const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#864' } })
		.jpeg()
		.toBuffer();
	const r = await reportsSvc.submit(
		t.db,
		{ category, description: 'Rubbish by the road', lat: '40.374', lng: '116.839', contact, confirmNew: '1' },
		[{ bytes: jpeg, name: 'p.jpg' }],
		'192.0.2.1',
		'zh-CN'
	);
	if (!r.ok) throw new Error(JSON.stringify(r));
	return r.code;
}

/** The message as it goes over SMTP (nodemailer's own composer), headers unfolded. */
async function composed(row: outbox.OutboxRow): Promise<string> {
	const info = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(mailOf(row));
	return (info.message as Buffer).toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
}

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('messages to staff', () => {
	it('come in the language each staff member chose, Chinese until they choose, naming category and town', async () => {
		const en = await staff(t.db, { department: 'town_gulou', email: 'en-staff@example.gov.cn' });
		await staff(t.db, { department: 'town_gulou', email: 'zh-staff@example.gov.cn' });
		const enUser = await sessionUserFor(t.db, en.userId);
		expect(localeOf(t.db, en.userId)).toBe('zh-CN');
		expect(prefs.chosenLocale(t.db, enUser)).toBeNull();
		prefs.save(t.db, enUser, form({ 'staff_new_report.email': 'on', locale: 'en' }));
		expect(prefs.chosenLocale(t.db, enUser)).toBe('en');
		// an unknown value leaves the choice as it was
		prefs.save(t.db, enUser, form({ 'staff_new_report.email': 'on', locale: 'fr' }));
		expect(localeOf(t.db, en.userId)).toBe('en');

		const code = await file('overflow', '');
		const [toEn] = outbox.listFor(t.db, 'en-staff@example.gov.cn');
		const [toZh] = outbox.listFor(t.db, 'zh-staff@example.gov.cn');
		expect(toEn).toMatchObject({ template: 'staff.new_report', locale: 'en' });
		expect(toZh).toMatchObject({ template: 'staff.new_report', locale: 'zh-CN' });
		expect(toEn.subject).toContain(code);
		expect(toEn.body).toMatch(/[A-Za-z]/);
		expect(toEn.body).not.toMatch(/[\u4e00-\u9fff]/);
		expect(toEn.body).toContain('/en/admin/reports/');
		expect(toZh.body).toMatch(/[\u4e00-\u9fff]/);
		// names, not codes: the town is Gulou / 鼓楼街道, never `gulou`
		expect(toEn.body).not.toMatch(/\bgulou\b/);
		expect(toZh.body).not.toMatch(/\bgulou\b/);
		const parsed = await simpleParser(await composed(toEn));
		expect(String(parsed.html)).toMatch(/<html lang="en">/);
	});
});

describe('a follower’s update', () => {
	it('names its one-click link in List-Unsubscribe with List-Unsubscribe-Post; other messages do not', async () => {
		const code = await file('other', 'reporter@example.com');
		expect(follow.request(t.db, code, 'f@example.com', 'en', '192.0.2.2')).toEqual({ ok: true });
		const token = t.db.select().from(reportFollows).get()!.token;
		follow.confirm(t.db, token);
		const boss = await sessionUserFor(t.db, (await staff(t.db, { role: 'admin' })).userId);
		await reportsSvc.transition(t.db, boss, code, 'accept', {});
		const update = outbox.listFor(t.db, 'f@example.com').find((m) => m.template === 'follow.update')!;
		const raw = await composed(update);
		const stop = `/en/report/follow/${token}/stop`;
		expect(raw).toMatch(new RegExp(`^List-Unsubscribe: <https?://[^>\\s]+${stop}>\\r?$`, 'm'));
		expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
		// the same link the body offers
		expect(update.body).toContain(stop);

		const confirm = outbox.listFor(t.db, 'f@example.com').find((m) => m.template === 'follow.confirm')!;
		const ack = outbox.listFor(t.db, 'reporter@example.com')[0];
		for (const m of [confirm, ack]) expect(await composed(m)).not.toMatch(/^List-Unsubscribe/m);
	});
});
