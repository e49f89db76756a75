import { test, expect, signInAs } from './kit';

test('pick a town, filter by batteries, open a point and see whether it is open', async ({ page }) => {
	await page.goto('/points');
	await expect(page.getByRole('note')).toContainText('示例数据');
	// the results come first; the filters are folded behind one button (issue 19)
	await page.locator('details.more > summary').click();
	await page.getByLabel('从哪里出发').selectOption('taishitun');
	await page.getByRole('checkbox', { name: '电池', exact: true }).check();
	await page.getByRole('button', { name: '筛选' }).click();
	await expect(page).toHaveURL(/from=taishitun/);
	await expect(page).toHaveURL(/material=batteries/);
	const items = page.locator('ol.points > li');
	await expect(items.first()).toBeVisible();
	for (const text of await items.locator('.takes').allTextContents()) expect(text).toContain('电池');
	// nearest first, with a distance
	await expect(items.first().locator('.dist')).toHaveText(/米|公里/);
	await items.first().getByRole('link').click();
	await expect(page).toHaveURL(/\/points\/[a-z0-9-]+$/);
	await expect(page.locator('.status')).toContainText(/开放中|已关闭|开放时间未知/);
	await expect(page.getByRole('link', { name: '高德地图' })).toHaveAttribute('href', /uri\.amap\.com\/navigation\?to=/);
});

test('with the tile server unreachable the map steps aside and the list keeps working', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	// the journeys' server points TILE_URL at a closed local port (scripts/launch.mjs)
	await page.goto('/points');
	await expect(page.getByTestId('map-failed')).toBeVisible({ timeout: 15000 });
	await expect(page.locator('ol.points > li').first()).toBeVisible();
	expect(errors).toEqual([]);
});

test('the finder works without JavaScript: server-side filtering by query string', async ({ browser }) => {
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	await page.goto('/en/points?type=hazardous&open=1');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find a drop-off point');
	// the folded filters say how many are on, and open without JavaScript
	await expect(page.locator('details.more > summary')).toHaveText('Filters (1 on)');
	await page.locator('details.more > summary').click();
	await expect(page.getByRole('checkbox', { name: 'Hazardous waste drop-off' })).toBeChecked();
	// a long list starts with the first 20 (light on a phone); "list all" keeps the filters
	await page.goto('/en/points?from=taishitun');
	const total = Number(
		(await page.getByRole('heading', { level: 2, name: /Points found/ }).textContent())!.match(/\d+/)![0]
	);
	expect(total).toBeGreaterThan(20);
	await expect(page.locator('ol.points > li')).toHaveCount(20);
	await page.getByTestId('points-all').click();
	await expect(page).toHaveURL(/from=taishitun/);
	await expect(page.locator('ol.points > li')).toHaveCount(total);
	await expect(page.getByTestId('points-all')).toHaveCount(0);
	await ctx.close();
});

test('from a sorting-guide item to the points that take it', async ({ page }) => {
	await page.goto('/sort?q=充电电池');
	await page.locator('.results a').first().click();
	await page.getByRole('link', { name: '查找能收这件物品的回收点' }).click();
	await expect(page).toHaveURL(/\/points\?material=batteries/);
	await page.locator('details.more > summary').click();
	await expect(page.getByRole('checkbox', { name: '电池', exact: true })).toBeChecked();
	await expect(page.locator('ol.points > li').first()).toBeVisible();
});

test('GET /api/points: GeoJSON, nearest first, bad input is 400 or clamped', async ({ request }) => {
	const r = await request.get('/api/points?material=batteries&near=40.3765,116.8431&limit=5');
	expect(r.status()).toBe(200);
	expect(r.headers()['content-type']).toContain('application/geo+json');
	const gj = await r.json();
	expect(gj.type).toBe('FeatureCollection');
	expect(gj.features.length).toBeLessThanOrEqual(5);
	const d = gj.features.map((f: { properties: { distanceM: number } }) => f.properties.distanceM);
	expect(d).toEqual([...d].sort((a: number, b: number) => a - b));
	const [lng, lat] = gj.features[0].geometry.coordinates;
	expect(lng).toBeGreaterThan(116.6);
	expect(lat).toBeLessThan(40.9);
	for (const bad of ['near=40.3', 'near=abc', 'type=castle', 'material=gold', 'town=atlantis', 'limit=lots']) {
		const b = await request.get(`/api/points?${bad}`);
		expect(b.status(), bad).toBe(400);
		expect((await b.json()).error).toBeTruthy();
	}
	const huge = await (await request.get('/api/points?limit=100000')).json();
	expect(huge.features.length).toBeLessThanOrEqual(500);
	const far = await request.get('/api/points?near=39.9042,116.4074&limit=1');
	expect(far.status()).toBe(200);
	expect((await far.json()).features[0].properties.distanceM).toBeGreaterThan(30000);
});

test('staff import a CSV: a bad row writes nothing and names its line; a good file imports', async ({ page }) => {
	await signInAs(page, 'staff', 'city_management');
	await page.getByRole('link', { name: '回收点维护' }).click();
	const header = 'id,name_zh,name_en,type,materials,address_zh,address_en,town,lat,lng';
	const good =
		'e2e-point-01,测试点（示例）,Sample: test point,recyclables,paper;cans,鼓楼,Gulou,gulou,40.3751,116.8412';
	const bad = 'e2e-point-02,坏点,Bad point,recyclables,paper,鼓楼,Gulou,gulou,39.90,116.40';
	await page.getByLabel('或粘贴 CSV 内容').fill([header, good, bad].join('\n'));
	await page.getByRole('button', { name: '预览检查' }).click();
	await expect(page.getByRole('alert')).toContainText('第 3 行');
	await expect(page.getByRole('alert')).toContainText('坐标不在密云区范围内');
	await expect(page.getByRole('button', { name: '确认导入' })).toHaveCount(0);
	await page.getByLabel('或粘贴 CSV 内容').fill([header, good].join('\n'));
	await page.getByRole('button', { name: '预览检查' }).click();
	await expect(page.getByRole('heading', { name: /1 行可以导入/ })).toBeVisible();
	await page.getByRole('button', { name: '确认导入' }).click();
	await expect(page.getByRole('status')).toContainText('新增 1 个');
	await page.goto('/points/e2e-point-01');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('测试点（示例）');

	// edit one point with the form: the same checks as a CSV row
	await page.goto('/admin/points/e2e-point-01');
	await page.getByLabel('纬度').fill('39.9');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('alert')).toContainText('坐标不在密云区范围内');
	await expect(page.getByLabel('中文名称')).toHaveValue('测试点（示例）');
	await page.getByLabel('纬度').fill('40.3752');
	await page.getByLabel('中文名称').fill('测试点改名（示例）');
	await page.getByLabel('开放时间（OSM 格式，如 Mo-Fr 08:30-17:00; PH off）').fill('Mo-Fr 08:30-17:00; PH off');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page).toHaveURL(/\/points\/e2e-point-01$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('测试点改名（示例）');
	await expect(page.getByText('法定节假日不开放')).toBeVisible();
});
