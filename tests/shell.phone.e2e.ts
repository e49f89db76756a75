import { PHONE, test, expect } from './kit';

// a phone (Pixel 7) for every test here
test.use(PHONE);

test('the site is usable on a 360 px phone: no horizontal scrolling, navigation reachable', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	for (const path of ['/', '/en', '/login', '/register']) {
		await page.goto(path);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, path).toBeLessThanOrEqual(0);
	}
	await page.goto('/');
	// the compact header folds the navigation into a menu that opens without JavaScript
	await page.getByText('菜单', { exact: true }).click();
	await expect(page.getByRole('navigation').getByRole('link', { name: '随手拍' })).toBeVisible();
});
