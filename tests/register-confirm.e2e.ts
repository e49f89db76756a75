import { test, expect, field, creditCode, uniqueEmail, login, mailTo, confirmRegistration, inDb, dbPath } from './kit';
import { linkIn } from './mailbox';
import type { Page } from './kit';

// Issues 16 and 17: registration confirmed by an emailed link, with the same answer for an address
// already in use; a new sign-in email confirmed from the new address, the old one told. Every
// message is read from the worker's real SMTP server (server.inbox from ./kit).

const PASSWORD = 'waste less in every classroom';

async function fillRegistration(page: Page, email: string, seed: number) {
	await page.goto('/register');
	await page.getByLabel(field('单位名称')).fill('密云区溪翁庄小学（示例 sample）');
	await page.getByLabel(field('单位类型')).selectOption('school');
	await page.getByLabel(field('所在镇街')).selectOption('xiwengzhuang');
	await page.getByLabel(field('统一社会信用代码')).fill(creditCode((Date.now() + seed) % 1e9));
	await page.getByLabel(field('联系人姓名')).fill('李老师');
	await page.getByLabel(field('联系电话')).fill('13912345679');
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByLabel(field('密码')).fill(PASSWORD);
	await page.getByRole('button', { name: '注册' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('请查收邮件');
}

/** What the page says, with the address typed taken out (it is echoed back either way). */
const answer = async (page: Page, email: string) => (await page.locator('main').innerText()).replaceAll(email, 'EMAIL');

test('register, confirm from the email, and continue signed in to starting an application', async ({
	page,
	server
}) => {
	const email = uniqueEmail('xiwengzhuang', 'example.com');
	await fillRegistration(page, email, 3);
	await expect(page.getByRole('status')).toContainText(email);
	// not before the link is followed; only the right password learns why
	await login(page, email, PASSWORD);
	await expect(page.getByRole('alert')).toContainText('尚未确认');
	// the link was sent again (the first one stops working): confirm from the newest
	await expect.poll(() => server.inbox.mails.filter((m) => m.to === email).length).toBe(2);
	await confirmRegistration(page, email);
	await expect(page).toHaveURL(/\/cells\/apply\?welcome=1$/);
	await expect(page.getByRole('button', { name: '开始申报' })).toBeVisible();
	// the link worked once
	const mail = await mailTo(email, /确认注册/);
	await page.goto(linkIn(mail.text, 'http'));
	await expect(page.getByRole('alert')).toContainText('此链接已失效');
});

test('an address already in use gets "you already have an account", and the page answers as for a new one', async ({
	page
}) => {
	const taken = uniqueEmail('taken', 'example.com');
	await (await inDb()).addOrg(dbPath(), taken);
	const fresh = uniqueEmail('fresh', 'example.com');
	await fillRegistration(page, fresh, 5);
	const forNew = await answer(page, fresh);
	await fillRegistration(page, taken, 9);
	expect(await answer(page, taken)).toBe(forNew);
	const mail = await mailTo(taken, /已经有账号/);
	expect(mail.text).toContain('/login/forgot');
	// and no confirmation link went there
	await expect(mailTo(taken, /确认注册/, 1500)).rejects.toThrow();
});

test('a new sign-in email takes effect only from the link sent to it; the old address is told', async ({ page }) => {
	const old = uniqueEmail('before', 'example.com');
	const next = uniqueEmail('after', 'example.com');
	const { TEST_PASSWORD } = await inDb();
	await (await inDb()).addOrg(dbPath(), old);
	await login(page, old, TEST_PASSWORD);
	await expect(page).toHaveURL(/\/account$/);
	await page.getByLabel(field('登录邮箱')).fill(next);
	await page.locator('#f-contact_password').fill(TEST_PASSWORD);
	await page.getByRole('button', { name: '保存更改' }).click();
	await expect(page.getByRole('status').filter({ hasText: next })).toContainText('确认链接已发送');
	const mail = await mailTo(next, /请确认新的登录邮箱/);
	await page.goto(linkIn(mail.text, 'http'));
	await page.getByRole('button', { name: '确认更改' }).click();
	await expect(page).toHaveURL(/\/login\?email_changed=1$/);
	const notice = await mailTo(old, /登录邮箱已更改/);
	expect(notice.text).toContain('不再用于登录');
	await login(page, next, TEST_PASSWORD);
	await expect(page).toHaveURL(/\/account$/);
});
