/**
 * Issue 19, staff and public report screens: the staff report page names things (no codes), shows
 * the assignee, and redirects after an action (Post/Redirect/Get: no `?/` in the address, a reload
 * posts nothing); the queue has an excerpt and a thumbnail; /reports filters work without
 * JavaScript; the tracking page copies the code and names the place; empty statistics say so.
 */
import { test, expect, addUser, login, totpNow, field, dbPath, workerServer, inDb, type Page } from './kit';

async function seedReport(): Promise<{ code: string; description: string }> {
	return (await inDb()).screensReport(dbPath(), workerServer().filesDir);
}

async function staffLogin(page: Page, department: string) {
	const s = await addUser('staff', department);
	await login(page, s.email, s.password);
	await page.getByLabel(field('验证码')).fill(await totpNow(s.secret));
	await page.getByRole('button', { name: '验证' }).click();
	await expect(page).toHaveURL(/\/admin$/);
}

test('staff: names not codes, the assignee shown, and every action redirects so a reload posts nothing', async ({
	page
}) => {
	const r = await seedReport();
	await staffLogin(page, 'culture_tourism');
	await page.goto('/admin/reports');
	const row = page.locator('.queue li', { has: page.getByRole('link', { name: r.code }) });
	await expect(row.getByTestId('excerpt')).toContainText('古北水镇停车场旁垃圾桶满溢');
	await expect(row.locator('img.thumb')).toBeVisible();
	// a lazy image: it loads once in view, which toBeVisible does not wait for
	await expect
		.poll(() => row.locator('img.thumb').evaluate((i: HTMLImageElement) => i.naturalWidth))
		.toBeGreaterThan(0);

	await row.getByRole('link', { name: r.code }).click();
	const main = page.locator('main');
	await expect(page.getByTestId('report-department')).toHaveText('区文旅局');
	await expect(page.getByTestId('report-place')).toContainText('古北水镇');
	await expect(page.getByTestId('report-assignee')).toHaveText('尚未指派');
	await expect(main).toContainText('报告人（市民/游客）');
	for (const code of ['culture_tourism', 'scenic:', 'visitor', 'user:']) await expect(main).not.toContainText(code);
	await expect(page.locator('figure[data-stage="before"]')).toContainText('报告时的照片');

	const events = page.locator('main ol li');
	const before = await events.count();
	await page.getByRole('button', { name: '受理', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: '已更新为：已受理' })).toBeVisible();
	expect(page.url()).not.toContain('?/');
	expect(new URL(page.url()).searchParams.get('done')).toBe('accepted');
	await expect(events).toHaveCount(before + 1);
	// reloading is a GET of the page: nothing is posted again
	await page.reload();
	await expect(events).toHaveCount(before + 1);

	await page.getByLabel('承办人或班组').fill('古北口保洁二班');
	await page.getByRole('button', { name: '派单', exact: true }).click();
	await expect(page.getByTestId('report-assignee')).toHaveText('古北口保洁二班');
	expect(page.url()).not.toContain('?/');
	await page.reload();
	await expect(events).toHaveCount(before + 2);
	// the staff member is named in the timeline, not `user:…`
	await expect(main).not.toContainText('user:');
});

test('/reports filters by category, town and status without JavaScript and shows thumbnails', async ({ browser }) => {
	const r = await seedReport();
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	await page.goto('/reports');
	await page.getByLabel('问题类型').selectOption('overflow');
	await page.getByLabel('状态').selectOption('pending');
	await page.getByRole('button', { name: '筛选' }).click();
	await expect(page).toHaveURL(/category=overflow/);
	await expect(page).toHaveURL(/status=pending/);
	const item = page.locator('ol.list li', { hasText: r.description });
	await expect(item).toBeVisible();
	await expect(item.locator('img.thumb')).toHaveAttribute('src', /^\/files\//);
	for (const s of await page.locator('ol.list li [data-status]').all())
		await expect(s).toHaveAttribute('data-status', 'pending');
	// the town it was filed in keeps it; another town does not
	const town = await page.getByLabel('镇街').locator('option').nth(1).getAttribute('value');
	await page.goto(`/reports?category=overflow&status=resolved`);
	await expect(page.locator('ol.list li', { hasText: r.description })).toHaveCount(0);
	await page.goto(`/reports?category=overflow&town=${town}&status=duplicate`);
	await expect(page.getByLabel('镇街')).toHaveValue(town!);
	await expect(page.getByTestId('reports-empty')).toHaveText('没有符合筛选条件的报告。');
	await ctx.close();
});

test('the tracking page copies the code and names the place; empty statistics say there is nothing yet', async ({
	page,
	context
}) => {
	const r = await seedReport();
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.goto(`/report/track/${r.code}`);
	await expect(page.getByTestId('place')).toContainText('古北水镇');
	await expect(page.getByTestId('place')).not.toContainText(/\d+\.\d{2,}/);
	await page.getByRole('button', { name: '复制' }).click();
	await expect(page.getByRole('button', { name: '已复制' })).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(r.code);

	await page.goto('/reports/stats?from=2020-01-01&to=2020-01-31');
	await expect(page.getByTestId('stats-empty')).toHaveCount(2);
	await expect(page.locator('main table')).toHaveCount(0);
	await page.goto('/en/reports/stats?from=2020-01-01&to=2020-01-31');
	await expect(page.getByTestId('stats-empty').first()).toContainText('Nothing yet');
});
