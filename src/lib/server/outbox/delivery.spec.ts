import { describe, it, expect, beforeEach, afterEach, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { createTestDb, type TestDb } from '../testing/db';
import * as outbox from './index';
import { notify, channelOf } from './notify';
import { signature, smtpOptions, isLoopback } from './senders';
import { render, TEMPLATES, type TemplateName } from './templates';
import { setNow, advance, resetClock } from '../clock';

let t: TestDb;
const env = { ...process.env };
// migrating a fresh database can pass vitest's 10 s hook default on the shared 2-core machine
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-04T00:00:00Z'), { freeze: true });
}, 60000);
afterEach(() => {
	t.close();
	resetClock();
	process.env = { ...env };
});

let mails: { to: string; subject: string; text: string; html: string }[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let hits: { headers: http.IncomingHttpHeaders; raw: string }[] = [];
let answer = 200;
let hook: http.Server;
let hookUrl = '';
beforeAll(async () => {
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, cb) {
			simpleParser(stream).then((p) => {
				mails.push({
					to: session.envelope.rcptTo[0].address,
					subject: p.subject ?? '',
					text: p.text ?? '',
					html: String(p.html || '')
				});
				cb();
			}, cb);
		}
	});
	await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
	smtpPort = (smtp.server.address() as AddressInfo).port;
	hook = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (d) => (raw += d));
		req.on('end', () => {
			hits.push({ headers: req.headers, raw });
			res.statusCode = answer;
			res.end();
		});
	});
	await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
	hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/sms`;
});
afterAll(async () => {
	await new Promise<void>((r) => smtp.close(() => r()));
	await new Promise<void>((r) => hook.close(() => r()));
});
beforeEach(() => {
	mails = [];
	hits = [];
	answer = 200;
});

describe('templates', () => {
	it('every template renders in both languages with no placeholder left, SMS texts within 70 characters of prose', () => {
		const params = new Proxy({} as Record<string, string>, { get: (_, k) => (String(k).endsWith('ink') ? 'L' : 'X') });
		for (const name of Object.keys(TEMPLATES) as TemplateName[])
			for (const l of ['zh-CN', 'en'] as const) {
				const r = render(name, params, l);
				expect(r.subject + r.text + (r.sms ?? ''), `${name} ${l}`).not.toMatch(/[{}]/);
				if (r.sms && l === 'zh-CN') expect(r.sms.length, name).toBeLessThanOrEqual(50);
			}
	});

	it('knows an email from a mobile number', () => {
		expect(channelOf('a@b.cn')).toBe('email');
		expect(channelOf('138 0013 8000')).toBe('sms');
		expect(channelOf('+8613800138000')).toBe('sms');
		expect(channelOf('010-69000000')).toBeNull();
	});
});

describe('delivery', () => {
	it('emails over SMTP in the recipient language, text and simple HTML with the full link', async () => {
		process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
		process.env.MAIL_FROM = 'Miyun <noreply@example.gov.cn>';
		process.env.ORIGIN = 'https://wf.example.gov.cn';
		t.db.transaction((tx) =>
			notify(tx, 'report.ack', 'v@example.com', { code: 'ABCD2345', link: '/report/track/ABCD2345' }, 'en')
		);
		expect(await outbox.deliverDue(t.db)).toEqual({ sent: 1, failed: 0 });
		expect(mails[0]).toMatchObject({ to: 'v@example.com', subject: 'Report received: ABCD2345' });
		expect(mails[0].text).toContain('https://wf.example.gov.cn/en/report/track/ABCD2345');
		expect(mails[0].html).toContain('<a href="https://wf.example.gov.cn/en/report/track/ABCD2345">');
	});

	it('a refused SMTP connection is retrying with the error at once, then sent when the server is back', async () => {
		process.env.SMTP_URL = 'smtp://127.0.0.1:9';
		t.db.transaction((tx) => notify(tx, 'report.ack', 'v@example.com', { code: 'ABCD2345', link: '/x' }, 'zh-CN'));
		expect(await outbox.deliverDue(t.db)).toEqual({ sent: 0, failed: 1 });
		const [row] = outbox.listFor(t.db, 'v@example.com');
		expect(row.status).toBe('retrying');
		expect(row.lastError).toMatch(/ECONNREFUSED/);
		process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
		advance(61000);
		expect(await outbox.deliverDue(t.db)).toEqual({ sent: 1, failed: 0 });
		expect(outbox.listFor(t.db, 'v@example.com')[0].status).toBe('sent');
	});

	it('posts SMS to the webhook as specified: JSON, timestamp, message id, HMAC signature, short link', async () => {
		process.env.SMS_WEBHOOK_URL = hookUrl;
		process.env.SMS_WEBHOOK_SECRET = 's3cret';
		process.env.ORIGIN = 'https://wf.example.gov.cn';
		t.db.transaction((tx) =>
			notify(tx, 'report.ack', '138-0013-8000', { code: 'ABCD2345', link: '/report/track/ABCD2345' }, 'zh-CN')
		);
		expect(await outbox.deliverDue(t.db)).toEqual({ sent: 1, failed: 0 });
		const { headers, raw } = hits[0];
		const body = JSON.parse(raw);
		expect(body).toMatchObject({ to: '13800138000', template: 'report.ack', params: { code: 'ABCD2345' } });
		expect(Object.keys(body)).toEqual(['id', 'to', 'template', 'params', 'text']);
		expect(headers['x-message-id']).toBe(body.id);
		expect(Number(headers['x-timestamp'])).toBeGreaterThan(1.7e9);
		expect(headers['x-signature']).toBe(signature('s3cret', String(headers['x-timestamp']), raw));
		expect(body.text).toMatch(/^举报ABCD2345已收到，专属链接：https:\/\/wf\.example\.gov\.cn\/k\/[A-Za-z0-9_-]{22}$/);
		expect(body.text.length).toBeLessThanOrEqual(70);
	});

	it('retries 408, 429 and 5xx; any other 4xx is a permanent failure; SMS_SIGNATURE is put in front', async () => {
		process.env.SMS_WEBHOOK_URL = hookUrl;
		process.env.SMS_SIGNATURE = '密云无废';
		for (const [code, status] of [
			[408, 'retrying'],
			[429, 'retrying'],
			[503, 'retrying'],
			[400, 'failed'],
			[202, 'sent']
		] as const) {
			answer = code;
			const to = `1390000${String(code).padStart(4, '0')}`;
			t.db.transaction((tx) => notify(tx, 'rights.ack', to, { ref: 'R1', due: '2026-11-20' }, 'zh-CN'));
			await outbox.deliverDue(t.db);
			const [row] = outbox.listFor(t.db, to);
			expect(row.status, String(code)).toBe(status);
			expect(row.body.startsWith('【密云无废】')).toBe(true);
		}
		expect(hits.every((h) => h.headers['x-signature'] === undefined)).toBe(true);
	});

	it('one failing recipient does not hold up the others; the per-recipient cap cancels, visibly', async () => {
		process.env.SMS_WEBHOOK_URL = hookUrl;
		outbox.setRecipientCap(t.db, 2);
		t.db.transaction((tx) => {
			for (let i = 0; i < 3; i++) notify(tx, 'rights.ack', '13900000001', { ref: `R${i}`, due: 'd' }, 'zh-CN');
			notify(tx, 'rights.ack', '13900000002', { ref: 'R9', due: 'd' }, 'zh-CN');
		});
		const rows = outbox.listFor(t.db, '13900000001');
		expect(rows.map((r) => r.status)).toEqual(['pending', 'pending', 'cancelled']);
		expect(rows[2].lastError).toBe('recipient cap reached');
		expect((await outbox.deliverDue(t.db)).sent).toBe(3);
		expect(outbox.counts(t.db).sms).toEqual({ sent: 3, cancelled: 1 });
	});

	it('refuses plain SMTP off this machine: STARTTLS required there, plain allowed on loopback', () => {
		expect(smtpOptions('smtp://u:p@mail.example.gov.cn:587')).toMatchObject({ requireTLS: true, secure: false });
		expect(smtpOptions('smtps://mail.example.gov.cn')).toMatchObject({ secure: true, port: 465 });
		expect(smtpOptions('smtp://127.0.0.1:2526')).toMatchObject({ requireTLS: false });
		expect(isLoopback('[::1]')).toBe(true);
		expect(() => smtpOptions('http://x')).toThrow();
	});

	it('prunes delivered bodies after 30 days, keeping who and when', async () => {
		t.db.transaction((tx) => notify(tx, 'rights.ack', 'p@example.com', { ref: 'R1', due: 'd' }, 'zh-CN'));
		await outbox.deliverDue(t.db, 'log');
		advance(29 * 86400000);
		expect(outbox.pruneBodies(t.db)).toBe(0);
		advance(2 * 86400000);
		expect(outbox.pruneBodies(t.db)).toBe(1);
		const [row] = outbox.listFor(t.db, 'p@example.com');
		expect(row).toMatchObject({ body: '', params: null, status: 'sent' });
	});
});
