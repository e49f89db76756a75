import { test, expect } from './kit';
import { addUser, totpNow, login, field, origin, inDb, dbPath } from './helpers';

test('a staff account reaches /admin only after its TOTP code', async ({ page }) => {
	const s = await addUser('staff', 'city_management');
	await login(page, s.email, s.password);
	await expect(page).toHaveURL(/\/login\/2fa/);
	// without the second factor the staff area stays shut
	await page.goto('/admin');
	await expect(page).toHaveURL(/\/login\/2fa/);
	await page.getByLabel(field('验证码')).fill('000000');
	await page.getByRole('button', { name: '验证' }).click();
	await expect(page.getByText('验证码不正确或已过期')).toBeVisible();
	await page.getByLabel(field('验证码')).fill(await totpNow(s.secret));
	await page.getByRole('button', { name: '验证' }).click();
	await expect(page).toHaveURL(/\/admin$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
	// staff are not admins: the audit log refuses them
	const audit = await page.goto('/admin/audit');
	expect(audit?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('无权访问');
	expect((await page.goto('/admin/calendar'))?.status()).toBe(403);
	// the sorting guide's queue belongs to 区城管委 (city_management): this member may enter it
	expect((await page.goto('/admin/sorting'))?.status()).toBe(200);
});

test('an admin sees the audit log with the registrations and enrolments', async ({ page }) => {
	const a = await addUser('admin');
	await login(page, a.email, a.password, '/en');
	await page.getByLabel(field('Verification code')).fill(await totpNow(a.secret));
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(page).toHaveURL(/\/en\/admin$/);
	await page.getByRole('link', { name: 'Audit log' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
	await expect(page.getByRole('cell', { name: 'user.create' }).first()).toBeVisible();

	// the holiday calendar: add next year's Spring Festival day and confirm the year
	await page.goto('/en/admin/calendar?year=2027');
	await page.getByLabel(field('Date')).fill('2027-02-08');
	await page.getByLabel(field('Name \\(Chinese\\)')).fill('春节');
	await page.getByLabel(field('Name \\(English\\)')).fill('Spring Festival');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('cell', { name: '2027-02-08', exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Confirm 2027' }).click();
	await expect(page.getByRole('status')).toContainText('days confirmed');
});

test('the staff area refuses an organisation (403) and sends a visitor to sign in', async ({ page, request }) => {
	const anon = await request.get('/admin', { maxRedirects: 0 });
	expect(anon.status()).toBe(303);
	expect(anon.headers()['location']).toBe('/login?next=%2Fadmin');
	const anonAudit = await request.get('/en/admin/audit', { maxRedirects: 0 });
	expect(anonAudit.headers()['location']).toBe('/en/login?next=%2Fen%2Fadmin%2Faudit');

	// an organisation account made by the builders (registration is not what this test is about)
	const email = `hotel${Date.now()}@example.com`;
	const m = await inDb();
	await m.addOrg(dbPath(), email, 'hotel', 'gubeikou');
	await login(page, email, m.TEST_PASSWORD);
	await expect(page).toHaveURL(/\/account$/);
	const r = await page.goto('/admin');
	expect(r?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('无权访问');
});

test("another department's staff cannot work the sorting queue, not even by posting to it", async ({ page }) => {
	const s = await addUser('staff', 'water');
	await login(page, s.email, s.password);
	await page.getByLabel(field('验证码')).fill(await totpNow(s.secret));
	await page.getByRole('button', { name: '验证' }).click();
	await expect(page).toHaveURL(/\/admin$/);
	await expect(page.getByRole('link', { name: '分类指南维护' })).toHaveCount(0);
	expect((await page.goto('/admin/sorting'))?.status()).toBe(403);
	const post = await page.request.post('/admin/sorting?/reject', {
		form: { suggestion: '1', note: 'x' },
		headers: { origin: origin(), accept: 'application/json' }
	});
	expect(post.status()).toBe(403);
});

test('the enrolment page sends a visitor who has not signed in to the sign-in form', async ({ page }) => {
	const r = await page.goto('/login/2fa/setup');
	expect(page.url()).toContain('/login');
	expect(r?.status()).toBe(200);
});
