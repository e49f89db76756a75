import { PHONE, test, expect, signInAs, login, mailTo, inDb, dbPath, workerServer, field, revealWhyNot } from './kit';
import { sweep, seed, answerPage, axeAt } from './a11y-shared';

// axe on the page states that only a journey reaches: a form sent, a mode switched on, an
// application started or under review, a certificate issued. Each is checked here, once; the
// journeys that reach them (cells, lifecycle, site, reports, sorting, staff, surveys, shell) check
// what they are about and no longer run axe themselves.
test.describe.configure({ mode: 'parallel' });

test('large text with high contrast on a desktop; an unknown tracking code; a dead invitation; the quiz result', async ({
	page,
	context,
	server
}) => {
	await context.addCookies([{ name: 'miyun_display', value: 'text.contrast', url: server.origin }]);
	await page.goto('/en/report');
	await expect(page.locator('html')).toHaveClass(/mode-text mode-contrast/);
	await sweep(page, ['/en/report', '/indicators', '/']);
	await context.clearCookies();

	await page.goto('/report/track?code=ZZZZZZZZ');
	await expect(page.getByRole('alert')).toContainText('没有找到这个查询码');
	await axeAt(page, 'unknown tracking code');
	await page.goto('/en/invite/' + 'a'.repeat(52));
	await expect(page.getByRole('alert')).toContainText('This invitation no longer works');
	await axeAt(page, 'dead invitation');

	await page.goto('/sort/quiz');
	const groups = page.locator('fieldset');
	await expect(groups).toHaveCount(10);
	for (let i = 0; i < 10; i++) await groups.nth(i).getByRole('radio').first().check();
	await page.getByRole('button', { name: '查看结果' }).click();
	await expect(page.getByRole('status')).toContainText(/您答对了 \d+ \/ 10 题/);
	await axeAt(page, 'quiz result');
});

test('an organisation: refused at /admin, an invitation sent, an application started, its sections and check page', async ({
	page
}) => {
	const m = await inDb();
	const email = `a11y-states-${Date.now()}@example.com`;
	await m.addOrg(dbPath(), email, 'hotel', 'gubeikou');
	await login(page, email, m.TEST_PASSWORD);
	await expect(page).toHaveURL(/\/account$/);

	expect((await page.goto('/admin'))?.status()).toBe(403);
	await axeAt(page, '/admin refused');

	await page.goto('/account');
	const invitee = `a11y-invitee-${Date.now()}@example.com`;
	await page.getByLabel(field('被邀请人的电子邮箱')).fill(invitee);
	await page.getByRole('button', { name: '发送邀请' }).click();
	await expect(page.getByRole('status').last()).toContainText(`邀请已发送至 ${invitee}`);
	await axeAt(page, '/account, invitation sent');

	await page.goto('/cells/apply');
	await expect(page.getByText('本单位申报类型：无废酒店')).toBeVisible();
	await axeAt(page, '/cells/apply, nothing started');
	await page.getByRole('button', { name: '开始申报' }).click();
	await expect(page).toHaveURL(/\/cells\/apply\/\d+$/);
	const app = new URL(page.url()).pathname;
	await axeAt(page, 'application, just started');
	await page.getByRole('link', { name: '申报资格' }).click();
	await axeAt(page, 'eligibility section');
	await page.goto(`${app}/check`);
	await axeAt(page, 'check page, sections missing');
});

test('staff: an account just made, recovery codes used, an application under review; a reset-password link', async ({
	page,
	browser
}) => {
	await signInAs(page, 'admin', undefined, '/en');
	await page.goto('/en/admin/users');
	const email = `a11y-states-staff-${Date.now()}@example.gov.cn`;
	await page.getByLabel(field('Email')).fill(email);
	await page.getByLabel(field('Name')).fill('Li Hua');
	await page.getByLabel('Department').selectOption('city_management');
	await page.getByLabel(field('First password')).fill('a long first password for li hua');
	await page.getByRole('button', { name: 'New staff account' }).click();
	await expect(page.getByRole('status')).toContainText(`Created ${email}`);
	await axeAt(page, '/en/admin/users, account made');
	await page.goto('/en/account?recovery=9');
	await axeAt(page, '/en/account after a recovery code');

	// the reset link as emailed to an organisation account, opened signed out
	const m = await inDb();
	const org = `a11y-states-reset-${Date.now()}@example.com`;
	await m.addOrg(dbPath(), org);
	const ctx = await browser.newContext();
	const out = await ctx.newPage();
	await out.goto('/login/forgot');
	await out.getByLabel(field('电子邮箱')).fill(org);
	await out.getByRole('button', { name: '发送重置链接' }).click();
	await expect(out.getByRole('status')).toBeVisible();
	const mail = await mailTo(org);
	const link = /\/login\/reset\/[a-z2-7]{52}/.exec(mail.text)![0];
	await out.goto(link);
	await expect(out.getByRole('heading', { level: 1 })).toHaveText('设置新密码');
	await axeAt(out, 'reset password');
	await ctx.close();

	// 区文旅局's review page while 评审中 (criteria to mark, 要求补正)
	const under = await (await inDb()).underReview(dbPath(), workerServer().filesDir);
	await signInAs(page, 'staff', 'culture_tourism');
	await page.goto(`/admin/cells/${under.id}`);
	await expect(page.getByTestId('cell-status')).toHaveText('评审中');
	await axeAt(page, 'application under review');
});

// (a report of its own, in a town no journey files in: journeys check for open reports nearby)
test('an admin answering a personal-information request whose requester was verified', async ({ page, browser }) => {
	const s = workerServer();
	const code = await (await inDb()).addReport(s.dbPath, s.filesDir, 'town:henanzhai', 'litter');
	const ctx = await browser.newContext();
	const visitor = await ctx.newPage();
	await visitor.goto('/about/privacy/request');
	await visitor.getByLabel('删除').check();
	await visitor.getByLabel(field('请说明您的请求')).fill('请删除我留下的电话号码');
	await visitor.getByLabel(field('报告查询码')).fill(code);
	await visitor.getByRole('button', { name: '提交请求' }).click();
	const ref = (await visitor.getByRole('status').textContent())!.match(/请求编号 ([2-9A-HJ-NP-Z]{8})/)![1];
	await ctx.close();

	await signInAs(page, 'admin');
	await page.goto('/admin/rights');
	await page.getByRole('link', { name: ref }).click();
	await page.getByLabel('如何核实了身份（记入审计日志）').fill('回拨报告时留下的号码，核对了举报内容');
	await page.getByRole('button', { name: '已通过其他方式核实身份' }).click();
	await expect(page.getByLabel('给请求人的答复')).toBeVisible();
	await axeAt(page, 'request verified');
});

test('a certified organisation’s certificate', async ({ page }) => {
	const s = await seed();
	await login(page, s.certEmail, (await inDb()).TEST_PASSWORD);
	await expect(page).not.toHaveURL(/\/login/);
	await page.goto(`/cells/apply/${s.certId}/certificate`);
	await expect(page.locator('.qr svg')).toBeVisible();
	await axeAt(page, 'certificate');
});

test.describe('on a phone', () => {
	test.use(PHONE);
	test('the folded menu opened', async ({ page }) => {
		await page.goto('/');
		await page.getByText('菜单', { exact: true }).click();
		await expect(page.getByRole('navigation').getByRole('link', { name: '随手拍' })).toBeVisible();
		await axeAt(page, 'menu open');
	});

	test('a survey page whose follow-up question a dissatisfied answer revealed', async ({ page }) => {
		await page.goto(`/surveys/${(await seed()).surveySlug}`);
		await page.getByLabel('我已阅读以上说明，同意参加本次调查').check();
		await page.getByRole('button', { name: '同意并开始' }).click();
		for (let n = 1; n < 4; n++) {
			await expect(page.getByText(`第 ${n} / 4 部分`)).toBeVisible();
			await answerPage(page);
			await page.getByRole('button', { name: '下一页' }).click();
		}
		await expect(page.getByText('第 4 / 4 部分')).toBeVisible();
		await answerPage(page);
		await revealWhyNot(page);
		await axeAt(page, 'survey follow-up shown');
	});
});
