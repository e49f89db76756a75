import { test, expect, creditCode, field, confirmRegistration } from './kit';

// Issue 19, "Registration is a dead end": an organisation that wanted to apply is sent to sign in,
// has no account, registers, and is taken on to starting its application, `next` carried all the way.

test('registration continues to the application the visitor came for', async ({ page }) => {
	await page.goto('/cells/apply');
	await expect(page).toHaveURL(/\/login\?next=%2Fcells%2Fapply$/);
	await page.getByRole('link', { name: '注册申报单位账户' }).click();
	await expect(page).toHaveURL(/\/register\?next=%2Fcells%2Fapply$/);

	await page.getByLabel(field('单位名称')).fill('密云区穆家峪小学');
	await page.getByLabel(field('单位类型')).selectOption('school');
	await page.getByLabel(field('所在镇街')).selectOption('mujiayu');
	await page.getByLabel(field('统一社会信用代码')).fill(creditCode((Date.now() + 7) % 1e9));
	await page.getByLabel(field('联系人姓名')).fill('李老师');
	await page.getByLabel(field('联系电话')).fill('13912345679');
	// a refused first try (too short a password) keeps `next`
	const email = `mujiayu${Date.now()}@example.com`;
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByLabel(field('密码')).fill('short');
	await page.getByRole('button', { name: '注册' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(page).toHaveURL(/\/register\?next=%2Fcells%2Fapply/);
	await page.getByLabel(field('密码')).fill('waste less in every classroom');
	await page.getByRole('button', { name: '注册' }).click();
	// `next` travels with the emailed confirmation link (issue 16)
	await confirmRegistration(page, email);

	await expect(page).toHaveURL(/\/cells\/apply\?welcome=1$/);
	await expect(page.getByRole('status')).toContainText('注册成功');
	await page.getByRole('button', { name: '开始申报' }).click();
	await expect(page).toHaveURL(/\/cells\/apply\/\d+$/);
});

test('an English visitor from another page is taken back to it; a foreign next is refused', async ({ page }) => {
	await page.goto('/en/login?next=%2Fen%2Fsurveys');
	await page.getByRole('link', { name: 'Register your organisation' }).click();
	await expect(page).toHaveURL(/\/en\/register\?next=%2Fen%2Fsurveys$/);
	// a next that leaves the site is dropped: the new account goes to starting an application instead
	await page.goto('/en/register?next=%2F%2Fevil.example%2F');
	await page.getByLabel(field('Organisation name')).fill('Miyun Bulaotun School');
	await page.getByLabel(field('Type of organisation')).selectOption('school');
	await page.getByLabel(field('Town or subdistrict')).selectOption('bulaotun');
	await page.getByLabel(field('Unified social credit code')).fill(creditCode((Date.now() + 11) % 1e9));
	await page.getByLabel(field('Contact name')).fill('Ms Li');
	await page.getByLabel(field('Contact phone')).fill('13912345670');
	const email = `bulaotun${Date.now()}@example.com`;
	await page.getByLabel(field('Email address')).fill(email);
	await page.getByLabel(field('Password')).fill('waste less in every classroom');
	await page.getByRole('button', { name: 'Register' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
	await confirmRegistration(page, email);
	await expect(page).toHaveURL(/\/en\/cells\/apply\?welcome=1$/);
	await expect(page.getByRole('button', { name: 'Start an application' })).toBeVisible();
});
