import { test, expect } from './kit';

test('the home page is Chinese by default and switches to English', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('共建“无废密云”');
	await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link')).toHaveCount(6);
	await expect(page.getByText('主办单位：北京市密云区生态环境局')).toBeVisible();

	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(page).toHaveURL(/\/en$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Towards a zero-waste Miyun');
	await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Sorting guide' }).click();
	await expect(page).toHaveURL(/\/en\/sort$/);

	await page.getByRole('link', { name: '切换到中文' }).click();
	await expect(page).toHaveURL(/\/sort$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('the skip link moves focus to the main content', async ({ page }) => {
	await page.goto('/');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: '跳到主要内容' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
});

test('unknown pages get a localised 404 in both languages', async ({ page }) => {
	const zh = await page.goto('/no-such-page');
	expect(zh?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
	const en = await page.goto('/en/no-such-page');
	expect(en?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

test('healthz answers ok, uncached, without a locale redirect', async ({ request }) => {
	const r = await request.get('/healthz', { headers: { 'accept-language': 'en' } });
	expect(r.status()).toBe(200);
	expect(await r.json()).toEqual({ status: 'ok' });
	expect(r.headers()['cache-control']).toBe('no-store');
});

test('pages carry the security headers and a hash-based CSP', async ({ request }) => {
	const r = await request.get('/');
	const h = r.headers();
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBeTruthy();
	expect(h['content-security-policy']).toContain("object-src 'none'");
	expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(h['content-security-policy']).toContain("base-uri 'none'");
	expect(h['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
});
