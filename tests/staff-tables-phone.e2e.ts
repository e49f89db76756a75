import { test, expect, signInAs } from './kit';

// Wide staff tables (DataTable) scroll inside their own region on a 360 px phone; the page itself never scrolls sideways.
test('wide staff tables scroll in their own region at 360 px, not the page', async ({ page }) => {
	await signInAs(page, 'admin');
	await page.setViewportSize({ width: 360, height: 740 });
	for (const url of ['/admin/audit', '/en/admin/routing', '/en/admin/plan']) {
		await page.goto(url);
		await expect(page.locator('[role=region] table').first()).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(360);
		// at least one table is wider than the phone and scrolls inside its region, reachable by keyboard
		const regions = page.locator('[role=region][tabindex="0"]:has(table)');
		const scrolls = await regions.evaluateAll((els) => els.map((el) => el.scrollWidth > el.clientWidth));
		expect(scrolls, url).toContain(true);
	}
});
