// Messages that reach people: the worker's server delivers to a real SMTP server (smtp-server, in
// process) and a local receiver for the SMS webhook (tests/kit.ts); the journeys read what arrives
// there. The outage and the production-settings tests start servers of their own.
import {
	test,
	expect,
	field,
	totpNow,
	creditCode,
	enrolAuthenticator,
	passSecondFactor,
	SMS_SECRET,
	type Page,
	type Server as KitServer
} from './kit';
import { startServer } from './harness';
import { addUserTo } from './sec-kit';
import { startMailbox, startSmsReceiver, arrives, linkIn, hmac, type Mail, type Sms } from './mailbox';
import { jpeg } from './system';

test.describe.configure({ mode: 'serial', timeout: 180000 });

const SECRET = SMS_SECRET;
let mail: { mails: Mail[] };
let sms: { got: Sms[] };
let server: KitServer;

test.beforeAll(async ({ server: w }) => {
	server = w;
	mail = { mails: w.inbox.mails };
	sms = { got: w.inbox.sms };
});

/** Files a report as the public form posts it; returns its tracking code. */
async function fileReport(origin: string, contact: string, place: string, category = 'other'): Promise<string> {
	const fd = new FormData();
	fd.set('category', category);
	fd.set('description', `Messages journey: rubbish left by the road (${contact})`);
	fd.set('place', place);
	fd.set('contact', contact);
	fd.set('confirmNew', '1');
	fd.append('photos', new Blob([new Uint8Array(await jpeg())], { type: 'image/jpeg' }), 'p.jpg');
	const r = await fetch(`${origin}/report`, {
		method: 'POST',
		body: fd,
		headers: { origin, accept: 'text/html' },
		redirect: 'manual'
	});
	const m = /\/report\/track\/([2-9A-HJ-NP-Z]{8})\?new=1$/.exec(r.headers.get('location') ?? '');
	expect(m, `filed (status ${r.status})`).not.toBeNull();
	return m![1];
}

async function adminLogin(page: Page, on: { origin: string; dbPath: string } = server) {
	const a = await addUserTo(on as never, 'admin');
	await page.goto(`${on.origin}/login`);
	await page.getByLabel(field('电子邮箱')).fill(a.email);
	await page.getByLabel(field('密码')).fill(a.password);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await page.getByLabel(field('验证码')).fill(await totpNow(a.secret!, { origin: on.origin }));
	await page.getByRole('button', { name: '验证' }).click();
	await expect(page).toHaveURL(/\/admin$/);
}

const mailTo =
	(to: string, subject: RegExp, mails: Mail[] = mail.mails) =>
	() =>
		mails.find((x) => x.to === to && subject.test(x.subject));

test('email and SMS acknowledgements name the tracking code; resolving asks to confirm; a follower hears and unsubscribes', async ({
	page,
	browser
}) => {
	const reporter = `reporter${Date.now()}@example.com`;
	const t0 = Date.now();
	const code = await fileReport(server.origin, reporter, 'town:miyun_zhen');
	const ack = await arrives(mailTo(reporter, /举报已收到/), 15000, 'the email acknowledgement');
	const ackMs = Date.now() - t0;
	expect(ack.subject).toContain(code);
	expect(ack.text).toContain(code);
	// the acknowledgement carries the reporter's private link (issue 16)
	expect(ack.html).toMatch(new RegExp(`<a href="${server.origin}/report/mine/[A-Za-z0-9_-]{32}">`));
	console.log(`email acknowledgement arrived ${ackMs} ms after the report was filed`);

	const t1 = Date.now();
	const code2 = await fileReport(server.origin, '13800138000', 'town:xitiangezhuang');
	const call = await arrives(() => sms.got.find((s) => s.body.params.code === code2), 15000, 'the SMS webhook call');
	console.log(`SMS webhook call arrived ${Date.now() - t1} ms after the report was filed`);
	expect(call.body).toMatchObject({ to: '13800138000', template: 'report.ack', params: { code: code2 } });
	expect(call.body.text).toContain(code2);
	expect(call.body.text.length).toBeLessThanOrEqual(70);
	expect(call.headers['x-message-id']).toBe(call.body.id);
	expect(call.headers['x-signature']).toBe(hmac(SECRET, String(call.headers['x-timestamp']), call.raw));
	// the SMS short link leads to the reporter's private page
	const short = linkIn(call.body.text, `${server.origin}/k/`);
	expect(short).toMatch(/\/k\/[A-Za-z0-9_-]{22}$/);
	await page.goto(short);
	await expect(page).toHaveURL(/\/report\/mine\/[A-Za-z0-9_-]{32}$/);
	await expect(page.getByText(code2).first()).toBeVisible();

	// a visitor follows the first report: nothing until they confirm by the emailed link
	const follower = `follower${Date.now()}@example.com`;
	await page.goto(`${server.origin}/report/track/${code}`);
	await page.getByLabel(field('邮箱')).fill(follower);
	await page.getByRole('button', { name: '关注', exact: true }).click();
	await expect(page.getByRole('status')).toContainText('请查收邮件');
	const confirm = await arrives(mailTo(follower, /请确认关注/), 15000, 'the follow confirmation');
	await page.goto(linkIn(confirm.text, `${server.origin}/report/follow/`));
	await page.getByRole('button', { name: '确认关注' }).click();
	await expect(page.getByRole('status')).toContainText('已确认');

	// staff accept: the reporter hears the deadline, the follower the change
	const ctx = await browser.newContext();
	const sp = await ctx.newPage();
	await adminLogin(sp);
	await sp.goto(`${server.origin}/admin/reports/${code}`);
	await sp.getByRole('button', { name: '受理', exact: true }).click();
	await expect(sp.getByRole('status')).toContainText('已受理');
	const accepted = await arrives(mailTo(reporter, /举报已受理/), 15000, 'the acceptance');
	expect(accepted.text).toMatch(/\d{4}-\d{2}-\d{2}( \d{2}:\d{2})? 前办结/);
	const update = await arrives(mailTo(follower, /您关注的举报/), 15000, 'the follower update');
	expect(update.subject).toContain(code);
	// one click unsubscribes; later changes reach the reporter but not the former follower
	await page.goto(linkIn(update.text, `${server.origin}/report/follow/`));
	await expect(page.getByRole('status')).toContainText('您不会再收到');

	await sp.getByLabel('承办人或班组').fill('保洁队');
	await sp.getByRole('button', { name: '派单' }).click();
	await sp.getByRole('button', { name: '开始处理' }).click();
	await sp.getByLabel('公开答复（报告人和公众可见）').fill('已清理完毕，谢谢您的举报。');
	await sp.getByRole('button', { name: '办结' }).click();
	await expect(sp.getByRole('status')).toContainText('已办结');
	const resolved = await arrives(mailTo(reporter, /已办结，请确认/), 15000, 'the please-confirm message');
	expect(resolved.text).toContain('已清理完毕');
	// its single-use follow-up link opens the reporter's page
	await page.goto(linkIn(resolved.text, `${server.origin}/report/mine/`));
	await page.getByRole('button', { name: '已解决' }).click();
	await expect(page.getByRole('status')).toContainText('谢谢您的反馈');
	expect(mail.mails.filter((x) => x.to === follower && /您关注的举报/.test(x.subject))).toHaveLength(1);

	// the outbox page counts what went out; everyone but admin is refused
	await sp.goto(`${server.origin}/admin/outbox`);
	await expect(sp.getByRole('heading', { level: 1 })).toHaveText('消息发件箱');
	expect(Number(await sp.locator('td[data-channel="email"][data-status="sent"]').textContent())).toBeGreaterThanOrEqual(
		5
	);
	expect(Number(await sp.locator('td[data-channel="sms"][data-status="sent"]').textContent())).toBeGreaterThanOrEqual(
		1
	);
	await expect(sp.getByText('消息没有发送')).toHaveCount(0);
	await ctx.close();
	expect((await page.goto(`${server.origin}/admin/outbox`))?.url()).toMatch(/\/login/);
});

test('with the SMTP server stopped a message shows as retrying with the error, and is delivered once it is back', async ({
	page
}) => {
	let down = await startMailbox();
	const own = await startServer({
		env: {
			SMTP_URL: down.url,
			MAIL_FROM: '密云区无废城市 <noreply@example.gov.cn>',
			MIYUN_TEST_MODE: '1',
			SCHEDULER: 'on'
		}
	});
	try {
		const port = down.port;
		await down.close();
		const reporter = `down${Date.now()}@example.com`;
		const code = await fileReport(own.origin, reporter, 'town:gulou');
		await adminLogin(page, own);
		await page.goto(`${own.origin}/admin/outbox?status=retrying`);
		const row = page.locator('tr', { hasText: reporter });
		await expect(async () => {
			await page.reload();
			await expect(row).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 20000 });
		await expect(row.locator('.status')).toContainText('重试中');
		await expect(row.locator('.error')).toContainText(/ECONNREFUSED|connect/i);
		// the server comes back on the same port; retry now (the scheduler would in a minute)
		down = await startMailbox(port);
		await row.getByRole('button', { name: '重试' }).click();
		await expect(page.getByRole('status')).toContainText('已安排重试');
		const ack = await arrives(
			mailTo(reporter, /举报已收到/, down.mails),
			15000,
			'the acknowledgement after the outage'
		);
		expect(ack.subject).toContain(code);
		await page.goto(`${own.origin}/admin/outbox?status=sent`);
		await expect(page.locator('tr', { hasText: reporter })).toBeVisible();
	} finally {
		await own.stop();
		await down.close().catch(() => {});
	}
});

test('a password reset completes from the emailed link', async ({ page }) => {
	const email = `school${Date.now()}@example.com`;
	await page.goto(`${server.origin}/register`);
	await page.getByLabel(field('单位名称')).fill('密云区示例小学（示例 sample）');
	await page.getByLabel(field('单位类型')).selectOption('school');
	await page.getByLabel(field('所在镇街')).selectOption('guoyuan');
	await page.getByLabel(field('统一社会信用代码')).fill(creditCode(Date.now() % 1e9));
	await page.getByLabel(field('联系人姓名')).fill('王老师');
	await page.getByLabel(field('联系电话')).fill('13912345678');
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByLabel(field('密码')).fill('zero waste starts at school');
	await page.getByRole('button', { name: '注册' }).click();
	// confirmed from the emailed link (issue 16); registration continues to the application (issue 19)
	const confirm = await arrives(mailTo(email, /确认注册/), 15000, 'the registration link');
	await page.goto(linkIn(confirm.text, `${server.origin}/register/confirm/`));
	await page.getByRole('button', { name: '确认注册' }).click();
	// every account enrols an authenticator before going on (issue 16)
	const { secret } = await enrolAuthenticator(page);
	await expect(page).toHaveURL(/\/cells\/apply\?welcome=1/);
	await page.getByRole('button', { name: '退出登录' }).click();
	await page.goto(`${server.origin}/login/forgot`);
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByRole('button', { name: '发送重置链接' }).click();
	const reset = await arrives(mailTo(email, /重置/), 15000, 'the reset email');
	await page.goto(linkIn(reset.text, `${server.origin}/login/reset/`));
	await page.getByLabel(field('新密码')).fill('a fresh passphrase for the school');
	await page.getByRole('button', { name: '保存新密码' }).click();
	await expect(page).toHaveURL(/\/login\?reset=1$/);
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByLabel(field('密码')).fill('a fresh passphrase for the school');
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await passSecondFactor(page, secret);
	await expect(page).toHaveURL(/\/account$/);
});

test('started with only SMTP_URL, MAIL_FROM and SMS_WEBHOOK_URL set, both acknowledgements arrive within 90 seconds', async () => {
	const m2 = await startMailbox();
	const s2 = await startSmsReceiver();
	// nothing else changed: no secret, no test mode, the scheduler as in production
	const s = await startServer({
		env: { SMTP_URL: m2.url, MAIL_FROM: 'Miyun <noreply@example.gov.cn>', SMS_WEBHOOK_URL: s2.url, SCHEDULER: 'on' }
	});
	try {
		expect(s.stderr()).toContain('SMS_WEBHOOK_SECRET is not set');
		const t0 = Date.now();
		const a = await fileReport(s.origin, 'visitor@example.com', 'town:miyun_zhen');
		const b = await fileReport(s.origin, '13800138000', 'town:gulou');
		const mailGot = await arrives(() => m2.mails.find((x) => x.to === 'visitor@example.com'), 90000, 'the email');
		const smsGot = await arrives(() => s2.got.find((x) => x.body.params.code === b), 90000, 'the SMS call');
		console.log(`both arrived ${Date.now() - t0} ms after filing`);
		expect(mailGot.text).toContain(a);
		expect(smsGot.body.text).toContain(b);
		expect(smsGot.headers['x-signature']).toBeUndefined();
	} finally {
		await s.stop();
		await s2.close();
		await m2.close();
	}
});
