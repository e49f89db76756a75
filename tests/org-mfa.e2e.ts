import { test, expect, creditCode, field, login, totpNow, inDb, dbPath, uniqueEmail, signInAs } from './kit';
import { linkIn } from './mailbox';

// Issue 16, ASVS 5.0 6.3.2: organisation accounts have the staff second factor. A school registers
// to apply, confirms by the emailed link, enrols an authenticator (the code computed from the key
// shown as text), keeps its recovery codes and lands on the application; its next sign-in asks for
// the code before any page.

const PASSWORD = 'sorting starts in the canteen';

test('registration → confirmation link → authenticator and recovery codes → the application; the next sign-in asks for the code', async ({
	page,
	server
}) => {
	await page.goto('/register?next=%2Fcells%2Fapply');
	await page.getByLabel(field('单位名称')).fill('密云区溪翁庄小学（示例 sample）');
	await page.getByLabel(field('单位类型')).selectOption('school');
	await page.getByLabel(field('所在镇街')).selectOption('xiwengzhuang');
	await page.getByLabel(field('统一社会信用代码')).fill(creditCode((Date.now() + 11) % 1e9));
	await page.getByLabel(field('联系人姓名')).fill('陈老师');
	await page.getByLabel(field('联系电话')).fill('13912345670');
	const email = uniqueEmail('xiwengzhuang', 'example.com');
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByLabel(field('密码')).fill(PASSWORD);
	await page.getByRole('button', { name: '注册' }).click();

	const mail = await server.inbox.mailTo(email, /确认注册/);
	await page.goto(linkIn(mail.text, `${server.origin}/register/confirm/`));
	await page.getByRole('button', { name: '确认注册' }).click();

	// enrolment before anything else, with plain guidance and the key to type
	await expect(page).toHaveURL(/\/login\/2fa\/setup\?next=%2Fcells%2Fapply/);
	await expect(page.getByText('腾讯身份验证器')).toBeVisible();
	await page.goto('/cells/apply');
	await expect(page).toHaveURL(/\/login\/2fa\/setup\?next=%2Fcells%2Fapply/);
	const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
	await page.getByLabel(field('验证码')).fill('000000');
	await page.getByRole('button', { name: '验证', exact: true }).click();
	await expect(page.locator('#f-code-error')).toBeVisible();
	await page.getByLabel(field('验证码')).fill(await totpNow(secret));
	await page.getByRole('button', { name: '验证', exact: true }).click();
	await expect(page.getByTestId('recovery-codes').locator('code')).toHaveCount(10);
	await page.getByRole('link', { name: /继续/ }).click();
	await expect(page).toHaveURL(/\/cells\/apply$/);
	await expect(page.getByRole('button', { name: '开始申报' })).toBeVisible();

	// the next sign-in: the password alone opens nothing
	await page.getByRole('button', { name: '退出登录' }).click();
	await page.goto('/cells/apply');
	await expect(page).toHaveURL(/\/login\?next=%2Fcells%2Fapply$/);
	await page.getByLabel(field('电子邮箱')).fill(email);
	await page.getByLabel(field('密码')).fill(PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page).toHaveURL(/\/login\/2fa\?next=%2Fcells%2Fapply$/);
	expect((await page.goto('/account'))?.url()).toMatch(/\/login\/2fa\?next=%2Faccount$/);
	await page.goto('/login/2fa?next=%2Fcells%2Fapply');
	// the enrolment code's step is used up: the next step's code (one step of drift is accepted)
	await page.getByLabel(field('验证码')).fill(await totpNow(secret, { ahead: 1 }));
	await page.getByRole('button', { name: '验证', exact: true }).click();
	await expect(page).toHaveURL(/\/cells\/apply$/);
});

test('an organisation account from before the second factor enrols at its next sign-in', async ({ page }) => {
	const m = await inDb();
	const o = await m.addOrg(dbPath(), uniqueEmail('old-hotel', 'example.com'), 'hotel', 'gubeikou', undefined, {
		totp: false
	});
	await login(page, o.email, m.TEST_PASSWORD, '/en');
	await expect(page).toHaveURL(/\/en\/login\/2fa\/setup\?next=%2Fen%2Faccount$/);
	await expect(page.getByText('Tencent Authenticator')).toBeVisible();
	const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
	await page.getByLabel(field('Verification code')).fill(await totpNow(secret));
	await page.getByRole('button', { name: 'Verify', exact: true }).click();
	await expect(page.getByTestId('recovery-codes').locator('code')).toHaveCount(10);
	await page.getByRole('link', { name: /continue/ }).click();
	await expect(page).toHaveURL(/\/en\/account$/);
});

test('the journeys sign an organisation in like staff: a builder-made key and the code for the current step', async ({
	page
}) => {
	await signInAs(page, 'org');
	await page.goto('/cells/apply');
	await expect(page.getByRole('button', { name: '开始申报' })).toBeVisible();
});
