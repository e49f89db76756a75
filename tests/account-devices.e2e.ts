import { test, expect, dbPath, inDb, login, uniqueEmail, field } from './kit';

// ASVS 7.5.2: a person sees the browsers signed in to their account and, with their password,
// signs one out; that browser's next request finds no session.
test('signed-in devices: another browser is listed and signed out with the password, and only then', async ({
	browser
}) => {
	const db = await inDb();
	const email = uniqueEmail('devices', 'example.com');
	await db.addOrg(dbPath(), email);
	const phoneCtx = await browser.newContext({
		userAgent:
			'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
	});
	const phone = await phoneCtx.newPage();
	await login(phone, email, db.TEST_PASSWORD);
	await expect(phone).toHaveURL(/\/account$/);

	const deskCtx = await browser.newContext({ javaScriptEnabled: false });
	const desk = await deskCtx.newPage();
	await login(desk, email, db.TEST_PASSWORD);
	await expect(desk).toHaveURL(/\/account$/);
	const devices = desk.locator('ul.devices > li');
	await expect(devices).toHaveCount(2);
	await expect(devices.first()).toContainText('本设备');
	const other = devices.filter({ hasText: 'Chrome（Android）' });
	await expect(other).toHaveCount(1);

	// a wrong password signs nothing out and says why, on that device's form
	await other.getByLabel(field('当前密码')).fill('not my password at all');
	await other.getByRole('button', { name: '退出该设备' }).click();
	await expect(desk.locator('ul.devices > li').filter({ hasText: 'Chrome（Android）' })).toContainText('密码不正确');
	await phone.reload();
	await expect(phone).toHaveURL(/\/account$/);

	await desk
		.locator('ul.devices > li')
		.filter({ hasText: 'Chrome（Android）' })
		.getByLabel(field('当前密码'))
		.fill(db.TEST_PASSWORD);
	await desk.getByRole('button', { name: '退出该设备' }).click();
	await expect(desk).toHaveURL(/\/account\?device_ended=1$/);
	await expect(desk.getByRole('status')).toContainText('该设备已退出登录');
	await expect(desk.locator('ul.devices > li')).toHaveCount(1);
	await phone.goto('/account');
	await expect(phone).toHaveURL(/\/login/);
	await phoneCtx.close();
	await deskCtx.close();
});
