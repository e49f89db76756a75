import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, sessionUserFor } from '../testing/builders';
import * as reportsSvc from './service';
import * as keys from './keys';
import * as outbox from '../outbox';
import { resolveShortLink } from '../outbox/notify';
import { shortLinks } from '../outbox/schema';
import * as security from '../security';
import { reportKeys, reports } from './schema';
import { outbox as outboxTable } from '../outbox/schema';
import { openDatabase } from '../db';
import { setNow, advance } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-09-28T02:00:00Z'), { freeze: true });
	process.env.RATE_LIMIT_REPORT_HOUR = '100/3600';
});
afterEach(() => {
	delete process.env.RATE_LIMIT_REPORT_HOUR;
	delete process.env.RATE_LIMIT_REPORT_KEY;
	t.close();
});

const jpeg = () =>
	sharp({ create: { width: 64, height: 48, channels: 3, background: '#486' } })
		.jpeg()
		.toBuffer();

async function file(contact = '', ip = '1.2.3.4') {
	const r = await reportsSvc.submit(
		t.db,
		{ category: 'overflow', description: '垃圾桶满了，请清运', place: 'town:gulou', contact, confirmNew: '1' },
		[{ bytes: await jpeg(), name: 'a.jpg' }],
		ip,
		'zh-CN'
	);
	if (!r.ok) throw new Error(JSON.stringify(r));
	return r;
}
async function resolve(code: string) {
	const admin = await sessionUserFor(t.db, (await staff(t.db, { role: 'admin' })).userId);
	for (const a of ['accept', 'assign', 'start']) await reportsSvc.transition(t.db, admin, code, a, {});
	const r = await reportsSvc.transition(t.db, admin, code, 'resolve', { publicNote: '已清运' });
	expect(r).toEqual({ ok: true, status: 'resolved' });
}
const events = (e: security.SecurityEvent) => security.count(t.db, e);

describe("the reporter's private key", () => {
	it('has ≥ 128 random bits, is stored only as a hash, and opens its own report', async () => {
		const r = await file();
		expect(r.key).toMatch(keys.KEY_RE); // 32 base64url characters = 192 bits
		expect(Buffer.from(r.key, 'base64url')).toHaveLength(24);
		const rows = t.db.select().from(reportKeys).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].keyHash).not.toContain(r.key);
		expect(JSON.stringify(t.db.$client.prepare('select * from report_keys, reports').all())).not.toContain(r.key);
		const o = keys.open(t.db, r.key, '5.5.5.5');
		expect(o).toMatchObject({ ok: true, kind: 'owner', report: { code: r.code } });
		// a right key is not held against the reporter: only failures stay counted
		process.env.RATE_LIMIT_REPORT_KEY = '3/600';
		for (let i = 0; i < 10; i++) expect(keys.open(t.db, r.key, '5.5.5.5').ok).toBe(true);
	});

	it('the public code is not a key; a wrong key is refused, logged, and rate-limited with a retry time', async () => {
		process.env.RATE_LIMIT_REPORT_KEY = '5/600';
		const r = await file();
		expect(keys.open(t.db, r.code, '6.6.6.6')).toEqual({ ok: false, error: 'not_found' });
		const wrong = r.key.slice(0, -1) + (r.key.endsWith('A') ? 'B' : 'A');
		for (let i = 0; i < 4; i++) expect(keys.open(t.db, wrong, '6.6.6.6')).toEqual({ ok: false, error: 'not_found' });
		expect(events('report_key.failed')).toBe(5);
		// the limit holds even for the right key from that address; another address is not affected
		const limited = keys.open(t.db, r.key, '6.6.6.6');
		expect(limited).toMatchObject({ ok: false, error: 'limited' });
		expect(!limited.ok && limited.retryAfter).toBeGreaterThan(0);
		expect(events('report_key.throttled')).toBe(1);
		expect(keys.open(t.db, r.key, '7.7.7.7').ok).toBe(true);
		// the log line names no key
		const rows = security.list(t.db);
		expect(JSON.stringify(rows)).not.toContain(wrong);
	});

	it('reopenings count only from the reporter: follow-up needs the key, and the single-use link is spent', async () => {
		const r = await file('13800001234');
		await resolve(r.code);
		// the resolution sent a single-use follow-up link to the contact
		const msg = t.db
			.select()
			.from(outboxTable)
			.all()
			.find((m) => m.template === 'report.resolved')!;
		expect(msg.recipient).toBe('13800001234');
		// an SMS carries a /k/ short link; it leads to the single-use page
		const short = /\/k\/([A-Za-z0-9_-]{22})/.exec(msg.body)![1];
		const link = /\/report\/mine\/([A-Za-z0-9_-]{32})/.exec(resolveShortLink(t.db, short)!)![1];
		expect(link).not.toBe(r.key);
		const once = keys.open(t.db, link, '8.8.8.8');
		if (!once.ok) throw new Error('follow-up link refused');
		expect(once.kind).toBe('followup');
		expect(reportsSvc.followUp(t.db, once, false, '还没修好')).toEqual({ ok: true });
		expect(reportsSvc.byCode(t.db, r.code)).toMatchObject({ status: 'in_progress', reopenCount: 1 });
		// spent: it opens nothing any more
		expect(keys.open(t.db, link, '8.8.8.8')).toEqual({ ok: false, error: 'not_found' });
	});

	it('a follow-up link expires after 7 days', async () => {
		const r = await file('someone@example.org');
		await resolve(r.code);
		const body = t.db
			.select()
			.from(outboxTable)
			.all()
			.find((m) => m.template === 'report.resolved')!.body;
		const link = /\/report\/mine\/([A-Za-z0-9_-]{32})/.exec(body)![1];
		advance(7 * 86400000 + 1000);
		expect(keys.open(t.db, link, '8.8.8.9')).toEqual({ ok: false, error: 'not_found' });
	});

	it('the acknowledgement carries the private link, and the delivered row no longer holds it', async () => {
		const log = vi.spyOn(console, 'log').mockImplementation(() => {});
		const r = await file('13912345678');
		const [ack] = t.db
			.select()
			.from(outboxTable)
			.where(eq(outboxTable.dedupeKey, `report:${r.code}:ack:sms:13912345678`))
			.all();
		// the SMS names the code and carries a short link that leads to the private page
		const short = /\/k\/([A-Za-z0-9_-]{22})/.exec(ack.body)![1];
		expect(resolveShortLink(t.db, short)).toBe(`/report/mine/${r.key}`);
		// the short link's row holds neither the token nor the key in the clear
		expect(JSON.stringify(t.db.select().from(shortLinks).all())).not.toContain(r.key);
		expect(JSON.stringify(t.db.select().from(shortLinks).all())).not.toContain(short);
		expect(await outbox.deliverDue(t.db, 'log')).toMatchObject({ sent: 1 });
		const after = t.db.select().from(outboxTable).where(eq(outboxTable.id, ack.id)).get()!;
		expect(after.status).toBe('sent');
		expect(after.body).not.toContain(r.key);
		expect(after.body).not.toContain(short);
		expect(after.params ?? '').not.toContain(short);
		expect(after.body).toContain(r.code);
		// the log sender printed neither the body nor the whole number
		const printed = log.mock.calls.flat().join('\n');
		expect(printed).not.toContain(r.key);
		expect(printed).not.toContain('13912345678');
		expect(printed).toContain('*******5678');
		log.mockRestore();
	});

	it('a lost link is recovered with a one-time code to the contact on file (5 tries), which makes a new key', async () => {
		const r = await file('13800005678');
		const rep = reportsSvc.byCode(t.db, r.code)!;
		expect(keys.sendCode(t.db, rep, '2.2.2.2')).toEqual({ ok: true, to: '138****5678' });
		const msg = t.db
			.select()
			.from(outboxTable)
			.all()
			.find((m) => m.subject.includes('验证码'))!;
		const otp = /(\d{6})/.exec(msg.body)![1];
		expect(JSON.stringify(t.db.select().from(reportKeys).all())).not.toContain(otp);
		const wrong = otp === '000000' ? '111111' : '000000';
		expect(keys.redeemCode(t.db, rep, wrong, '2.2.2.2')).toEqual({ ok: false, error: 'wrong' });
		expect(events('report_key.failed')).toBe(1);
		const ok = keys.redeemCode(t.db, rep, otp, '2.2.2.2');
		if (!ok.ok) throw new Error('code refused');
		expect(keys.open(t.db, ok.key, '2.2.2.2')).toMatchObject({ ok: true, kind: 'owner' });
		// the code is spent
		expect(keys.redeemCode(t.db, rep, otp, '2.2.2.2')).toEqual({ ok: false, error: 'wrong' });
		// five wrong tries burn a fresh code
		keys.sendCode(t.db, rep, '2.2.2.3');
		const otp2 = /(\d{6})/.exec(
			t.db
				.select()
				.from(outboxTable)
				.all()
				.filter((m) => m.subject.includes('验证码'))
				.at(-1)!.body
		)![1];
		const bad = otp2 === '999999' ? '888888' : '999999';
		for (let i = 0; i < keys.OTP_TRIES; i++) keys.redeemCode(t.db, rep, bad, '2.2.2.4');
		expect(keys.redeemCode(t.db, rep, otp2, '2.2.2.4')).toEqual({ ok: false, error: 'wrong' });
		// no contact: no code
		const anon = reportsSvc.byCode(t.db, (await file('')).code)!;
		expect(keys.sendCode(t.db, anon, '2.2.2.2')).toEqual({ ok: false, error: 'no_contact' });
	});

	it('reports filed before keys existed get a key nobody knows', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-keys-'));
		const old = path.join(dir, 'drizzle');
		fs.cpSync(path.resolve('drizzle'), old, { recursive: true });
		const journal = JSON.parse(fs.readFileSync(path.join(old, 'meta/_journal.json'), 'utf8'));
		const mine = journal.entries.find((e: { tag: string }) => e.tag.includes('report_keys'));
		journal.entries = journal.entries.filter((e: { idx: number }) => e.idx < mine.idx);
		fs.writeFileSync(path.join(old, 'meta/_journal.json'), JSON.stringify(journal));
		const file = path.join(dir, 'old.db');
		const before = openDatabase(file, { migrationsDir: old });
		before.$client
			.prepare(
				`insert into reports (code, category, description, lat, lng, town_code, zone_kind, status, locale, created_at)
				 values ('ABCDEFGH', 'litter', 'old report', 40.37, 116.84, 'gulou', 'town', 'resolved', 'zh-CN', 0)`
			)
			.run();
		before.$client.close();
		const after = openDatabase(file, { migrationsDir: path.resolve('drizzle') });
		const rep = after.select().from(reports).get()!;
		const k = after.select().from(reportKeys).where(eq(reportKeys.reportId, rep.id)).all();
		expect(k).toHaveLength(1);
		expect(k[0]).toMatchObject({ kind: 'owner' });
		expect(k[0].keyHash).toMatch(/^[0-9a-f]{64}$/);
		after.$client.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
