import { test, expect } from './kit';
import Database from 'better-sqlite3';
import { addUser, login, totpNow, field, dbPath, origin } from './helpers';

test('a malformed or forged session cookie is treated as signed out, never a 500', async ({ page, context }) => {
	for (const value of ['garbage', 'a'.repeat(32), '%00%ff', 'x'.repeat(4000)]) {
		await context.addCookies([{ name: 'session', value, url: origin() }]);
		const r = await page.goto('/account');
		expect(r?.status()).toBe(200);
		expect(page.url()).toContain('/login');
	}
});

test('a staff session ends after 30 minutes without a request: back to sign in', async ({ page, request }) => {
	const s = await addUser('staff', 'water');
	await login(page, s.email, s.password);
	await page.getByLabel(field('验证码')).fill(await totpNow(s.secret));
	await page.getByRole('button', { name: '验证' }).click();
	await expect(page).toHaveURL(/\/admin$/);
	try {
		await request.post('/__test/clock', { data: { advanceMs: 29 * 60000 } });
		await page.goto('/admin');
		await expect(page).toHaveURL(/\/admin$/);
		await request.post('/__test/clock', { data: { advanceMs: 31 * 60000 } });
		await page.goto('/admin');
		await expect(page).toHaveURL(/\/login\?next=%2Fadmin/);
	} finally {
		await request.post('/__test/clock', { data: { reset: true } });
	}
});

test('an oversized body gets a localised 413 and nothing is written', async ({ playwright }) => {
	const db = new Database(dbPath(), { readonly: true });
	const count = () => (db.prepare('select count(*) as n from organisations').get() as { n: number }).n;
	const before = count();
	const big = 'x'.repeat(2 * 1024 * 1024);
	for (const [path, text] of [
		['/en/register', 'Too much data sent'],
		['/register', '提交的内容过大']
	]) {
		// a fresh connection each time: the server answers before reading the body
		const request = await playwright.request.newContext({ baseURL: origin() });
		const r = await request.post(path, {
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: origin() },
			data: `orgName=${big}&orgType=school`
		});
		expect(r.status()).toBe(413);
		expect(await r.text()).toContain(text);
		await request.dispose();
	}
	expect(count()).toBe(before);
	db.close();
});

test('a cross-site form post is refused', async ({ request }) => {
	const r = await request.post('/login', {
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
		data: 'email=a%40b.cn&password=x'
	});
	expect(r.status()).toBe(403);
});

test('too many wrong passwords lock the account for a while, with a clear message', async ({ page }) => {
	const s = await addUser('staff', 'education');
	for (let i = 0; i < 5; i++) await login(page, s.email, 'not the right one at all');
	await login(page, s.email, s.password);
	await expect(page.getByRole('alert')).toContainText('尝试次数过多');
});
