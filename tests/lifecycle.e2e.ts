import { test, expect, type Page, type APIRequestContext, confirmRegistration, enrolAuthenticator } from './kit';
import { addUser, totpNow, login, creditCode, field } from './helpers';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';

const PASSWORD = 'zero waste starts at school';
// journeys with several browsers and many argon2 sign-ins: slower than one page
test.describe.configure({ timeout: 150000 });

async function registerOrg(page: Page, email: string) {
	await page.goto('/register');
	await page.getByLabel(field('单位名称')).fill('密云区檀营小学');
	await page.getByLabel(field('单位类型')).selectOption('school');
	await page.getByLabel(field('所在镇街')).selectOption('guoyuan');
	await page
		.getByLabel(field('统一社会信用代码'))
		.fill(creditCode((Date.now() + Math.floor(Math.random() * 1e5)) % 1e9));
	await page.getByLabel(field('联系人姓名')).fill('王老师');
	await page.getByLabel(field('联系电话')).fill('13912345678');
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByLabel(field('密码')).fill(PASSWORD);
	await page.getByRole('button', { name: '注册' }).click();
	await confirmRegistration(page, email);
	// registration continues to starting an application; the account page is one step away
	await expect(page).toHaveURL(/\/cells\/apply\?welcome/);
	await page.goto('/account');
}

/** The path of the link in the newest outbox message to `to` (the test-mode outbox reader). */
async function linkFromOutbox(request: APIRequestContext, to: string, path: RegExp): Promise<string> {
	const rows = (await (await request.get(`/__test/outbox?to=${encodeURIComponent(to)}`)).json()) as { body: string }[];
	const body = rows.at(-1)?.body ?? '';
	const m = /https?:\/\/\S+/.exec(body);
	expect(m, `a link in: ${body}`).not.toBeNull();
	const url = new URL(m![0]);
	expect(url.pathname).toMatch(path);
	return url.pathname;
}

test('a forgotten password is reset through the emailed link, once, and other sessions end', async ({
	page,
	browser,
	request
}) => {
	const email = `reset${Date.now()}@example.com`;
	await registerOrg(page, email);
	// a second browser stays signed in: the reset signs it out
	const other = await browser.newContext();
	const otherPage = await other.newPage();
	await login(otherPage, email, PASSWORD);
	await expect(otherPage).toHaveURL(/\/account$/);
	await page.getByRole('button', { name: '退出登录' }).click();

	await page.goto('/login');
	await page.getByRole('link', { name: '忘记密码？' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('找回密码');
	// an unknown address gets exactly the same answer
	await page.getByLabel(field('电子邮箱')).fill('nobody-at-all@example.com');
	await page.getByRole('button', { name: '发送重置链接' }).click();
	const unknown = await page.getByRole('status').textContent();
	await page.goto('/login/forgot');
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByRole('button', { name: '发送重置链接' }).click();
	await expect(page.getByRole('status')).toHaveText(unknown!);

	const link = await linkFromOutbox(request, email, /^\/login\/reset\/[a-z2-7]{52}$/);
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置新密码');
	await page.getByLabel(field('新密码')).fill('short');
	await page.getByRole('button', { name: '保存新密码' }).click();
	await expect(page.locator('#f-password-error')).toBeVisible();
	await page.getByLabel(field('新密码')).fill('a fresh passphrase for the school');
	await page.getByRole('button', { name: '保存新密码' }).click();
	await expect(page).toHaveURL(/\/login\?reset=1$/);
	await expect(page.getByRole('status')).toContainText('密码已重置');

	// the other browser is signed out
	await otherPage.goto('/account');
	await expect(otherPage).toHaveURL(/\/login\?next=%2Faccount/);
	await other.close();

	// the link works once only
	await page.goto(link);
	await expect(page.getByRole('alert')).toContainText('此链接已失效');
	await login(page, email, PASSWORD);
	await expect(page.getByRole('alert')).toContainText('邮箱或密码不正确');
	await login(page, email, 'a fresh passphrase for the school');
	await expect(page).toHaveURL(/\/account$/);
});

test('the reset request works without JavaScript, in English', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/en/login/forgot');
	await page.getByLabel(field('Email address')).fill('someone@example.com');
	await page.getByRole('button', { name: 'Send the link' }).click();
	await expect(page.getByRole('status')).toContainText('If this email belongs to an organisation account');
	await context.close();
});

test('an admin creates a staff member who enrols, keeps recovery codes, and signs in with one once', async ({
	page,
	browser
}) => {
	const admin = await addUser('admin');
	await login(page, admin.email, admin.password, '/en');
	await page.getByLabel(field('Verification code')).fill(await totpNow(admin.secret));
	await page.getByRole('button', { name: 'Verify' }).click();
	await page.getByRole('link', { name: 'Staff accounts' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff accounts');
	const email = `newstaff${Date.now()}@miyun.gov.cn`;
	const password = 'a long and private passphrase';
	await page.getByLabel(field('Email')).fill(email);
	await page.getByLabel(field('Name')).fill('Li Hua');
	await page.getByLabel(field('First password')).fill(password);
	await page.getByRole('button', { name: 'New staff account' }).click();
	await expect(page.getByLabel('Department')).toHaveAttribute('aria-invalid', 'true');
	await page.getByLabel('Department').selectOption('city_management');
	await page.getByLabel(field('First password')).fill(password);
	await page.getByRole('button', { name: 'New staff account' }).click();
	await expect(page.getByRole('status')).toContainText(`Created ${email}`);
	await expect(page.getByRole('button', { name: `Disable ${email}` })).toBeVisible();

	// the new member signs in and sets up the authenticator; ten recovery codes are shown once
	const ctx = await browser.newContext();
	const staff = await ctx.newPage();
	await login(staff, email, password, '/en');
	await expect(staff).toHaveURL(/\/en\/login\/2fa\/setup/);
	const secret = (await staff.getByTestId('totp-secret').textContent())!.trim();
	await staff
		.getByLabel(field('Verification code'))
		.fill(generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30000)), 6));
	await staff.getByRole('button', { name: 'Verify' }).click();
	const codes = (await staff.getByTestId('recovery-codes').locator('code').allTextContents()).map((c) => c.trim());
	expect(codes).toHaveLength(10);
	await staff.getByRole('link', { name: 'I have kept them — continue' }).click();
	await expect(staff).toHaveURL(/\/en\/admin$/);
	await staff.getByRole('button', { name: 'Sign out' }).click();

	// phone lost: a recovery code instead of the TOTP code
	await login(staff, email, password, '/en');
	await staff.getByLabel(field('Verification code')).fill(codes[3]);
	await staff.getByRole('button', { name: 'Verify' }).click();
	await expect(staff).toHaveURL(/\/en\/account\?recovery=9$/);
	await expect(staff.getByRole('status').first()).toContainText('9 left');
	await staff.getByRole('button', { name: 'Sign out' }).click();

	// the same code does not work twice
	await login(staff, email, password, '/en');
	await staff.getByLabel(field('Verification code')).fill(codes[3]);
	await staff.getByRole('button', { name: 'Verify' }).click();
	await expect(staff.locator('#f-code-error')).toBeVisible();
	await expect(staff).toHaveURL(/\/en\/login\/2fa/);
	await ctx.close();
});

test('an admin disables a staff account: its open browser is sent to sign in, and sign-in is refused', async ({
	page,
	browser
}) => {
	const admin = await addUser('admin');
	const s = await addUser('staff', 'city_management');
	const ctx = await browser.newContext();
	const staff = await ctx.newPage();
	await login(staff, s.email, s.password);
	await staff.getByLabel(field('验证码')).fill(await totpNow(s.secret));
	await staff.getByRole('button', { name: '验证' }).click();
	await expect(staff).toHaveURL(/\/admin$/);

	await login(page, admin.email, admin.password);
	await page.getByLabel(field('验证码')).fill(await totpNow(admin.secret));
	await page.getByRole('button', { name: '验证' }).click();
	await page.goto('/admin/users');
	await page.getByRole('button', { name: `停用 ${s.email}` }).click();
	await expect(page.getByRole('button', { name: `启用 ${s.email}` })).toBeVisible();

	// the staff's next request finds no session
	await staff.goto('/admin/reports');
	await expect(staff).toHaveURL(/\/login\?next=%2Fadmin%2Freports/);
	await login(staff, s.email, s.password);
	await expect(staff.getByRole('alert')).toContainText('邮箱或密码不正确');

	// re-enabled, the same person signs in again
	await page.getByRole('button', { name: `启用 ${s.email}` }).click();
	await expect(page.getByRole('button', { name: `停用 ${s.email}` })).toBeVisible();
	await login(staff, s.email, s.password);
	await expect(staff).toHaveURL(/\/login\/2fa/);
	await ctx.close();
});

test('an organisation invites a member, who joins; the last admin cannot leave, a member can', async ({
	page,
	browser,
	request
}) => {
	const email = `inviter${Date.now()}@example.com`;
	await registerOrg(page, email);
	await expect(page.getByRole('heading', { name: '单位成员' })).toBeVisible();
	const invitee = `invitee${Date.now()}@example.com`;
	await page.getByLabel(field('被邀请人的电子邮箱')).fill(invitee);
	await page.getByRole('button', { name: '发送邀请' }).click();
	await expect(page.getByRole('status').last()).toContainText(`邀请已发送至 ${invitee}`);

	// the last admin cannot leave
	await page.getByRole('button', { name: '退出单位并关闭账户' }).click();
	await expect(page.getByRole('alert')).toContainText('唯一的管理员');

	// the invitee joins without JavaScript
	const link = await linkFromOutbox(request, invitee, /^\/invite\/[a-z2-7]{52}$/);
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const joiner = await ctx.newPage();
	await joiner.goto(link);
	await expect(joiner.getByRole('heading', { level: 1 })).toHaveText('加入单位');
	await joiner.getByLabel(field('姓名')).fill('赵老师');
	await joiner.getByLabel(field('密码')).fill('recycling is part of the lesson');
	await joiner.getByRole('button', { name: '加入' }).click();
	// a new member enrols an authenticator first (issue 16), then sees the account
	await expect(joiner).toHaveURL(/\/login\/2fa\/setup/);
	await enrolAuthenticator(joiner);
	await expect(joiner).toHaveURL(/\/account\?welcome/);
	await expect(joiner.getByText('赵老师 · ' + invitee)).toBeVisible();
	// the link is used up
	await joiner.goto(link);
	await expect(joiner.getByRole('alert')).toContainText('邀请链接已失效');
	await ctx.close();

	// the admin sees the new member
	await page.goto('/account');
	await expect(page.getByText('赵老师 · ' + invitee)).toBeVisible();

	// the member leaves
	const ctx2 = await browser.newContext();
	const member = await ctx2.newPage();
	await login(member, invitee, 'recycling is part of the lesson');
	await member.getByRole('button', { name: '退出单位并关闭账户' }).click();
	await expect(member).toHaveURL(/\/login\?left=1$/);
	await expect(member.getByRole('status')).toContainText('您已退出单位');
	await ctx2.close();
	await page.goto('/account');
	await expect(page.getByText(invitee)).toHaveCount(0);
});

test('invitation page with a bad token says so, in English', async ({ page }) => {
	await page.goto('/en/invite/' + 'a'.repeat(52));
	await expect(page.getByRole('alert')).toContainText('This invitation no longer works');
});
