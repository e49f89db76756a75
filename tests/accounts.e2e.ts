import { test, expect, confirmRegistration } from './kit';
import { login, creditCode, field } from './helpers';

test('an organisation registers, signs out and signs in again', async ({ page }) => {
	const email = `school${Date.now()}@example.com`;
	const code = creditCode(Date.now() % 1e9);
	await page.goto('/register');
	await page.getByLabel(field('单位名称')).fill('密云区果园小学');
	await page.getByLabel(field('单位类型')).selectOption('school');
	await page.getByLabel(field('所在镇街')).selectOption('guoyuan');
	// a typo in the credit code: the form says what is wrong and keeps everything typed
	const typo = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
	await page.getByLabel(field('统一社会信用代码')).fill(typo);
	await page.getByLabel(field('联系人姓名')).fill('王老师');
	await page.getByLabel(field('联系电话')).fill('13912345678');
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByLabel(field('密码')).fill('zero waste starts at school');
	await page.getByRole('button', { name: '注册' }).click();
	await expect(page.getByRole('alert')).toContainText('统一社会信用代码校验不通过');
	await expect(page.getByLabel(field('单位名称'))).toHaveValue('密云区果园小学');
	await expect(page.getByLabel(field('所在镇街'))).toHaveValue('guoyuan');
	await expect(page.getByLabel(field('统一社会信用代码'))).toHaveAttribute('aria-invalid', 'true');

	await page.getByLabel(field('统一社会信用代码')).fill(code);
	await page.getByLabel(field('密码')).fill('zero waste starts at school');
	await page.getByRole('button', { name: '注册' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('请查收邮件');
	await confirmRegistration(page, email);
	await expect(page).toHaveURL(/\/cells\/apply\?welcome=1$/);
	await expect(page.getByText('注册成功，欢迎！')).toBeVisible();
	await page.goto('/account');
	await expect(page.getByText(code)).toBeVisible();

	await page.getByRole('button', { name: '退出登录' }).click();
	await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
	const account = await page.goto('/account');
	expect(page.url()).toContain('/login?next=%2Faccount');
	expect(account?.status()).toBe(200);

	await login(page, email, 'zero waste starts at school');
	await expect(page).toHaveURL(/\/account$/);
	await expect(page.getByText('密云区果园小学')).toBeVisible();
});

test('the registration form works without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/en/register');
	await page.getByRole('button', { name: 'Register' }).click();
	await expect(page.getByRole('alert')).toContainText('Please fix the following');
	await expect(page.locator('#f-orgName-error')).toHaveText('Please fill this in.');
	await context.close();
});

test('wrong password and unknown account get the same message, in either language', async ({ page }) => {
	await login(page, 'nobody-here@example.com', 'some password or other');
	const unknown = await page.getByRole('alert').textContent();
	expect(unknown).toContain('邮箱或密码不正确');
	await login(page, 'nobody-here@example.com', 'some password or other', '/en');
	await expect(page.getByRole('alert')).toContainText('The email address or password is not correct.');
});
