import { test, expect, type Page, signInAs } from './kit';
import sharp from 'sharp';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { field } from './helpers';

// several browsers per journey; the default 60 s is tight on a shared 2-core machine
test.describe.configure({ timeout: 180000 });

async function staffLogin(page: Page, department: string) {
	await signInAs(page, 'staff', department);
}

test('a resident opens the home page in English and reaches each feature', async ({ page }) => {
	await page.goto('/en');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByRole('link', { name: /^Report a problem \(/ })).toBeVisible();
	// four headline figures from the dashboard, each linking to its indicator
	const figures = page.locator('.figures li');
	await expect(figures).toHaveCount(4);
	await expect(figures.first()).toContainText('Number of units building zero-waste cells');
	// no map and no chart library on the home page
	expect(await page.locator('.leaflet-container, canvas').count()).toBe(0);

	const journeys: [RegExp | string, RegExp][] = [
		[/^Report a problem \(/, /\/en\/report$/],
		['Sorting guide', /\/en\/sort$/],
		['Drop-off points', /\/en\/points$/],
		['Zero-waste cells', /\/en\/cells$/],
		['Surveys', /\/en\/surveys$/],
		['Plan progress', /\/en\/plan$/]
	];
	for (const [name, url] of journeys) {
		await page.goto('/en');
		// the home page's own links (the header's would prove nothing about the page)
		await page
			.locator('#main')
			.getByRole('link', { name, exact: typeof name === 'string' })
			.first()
			.click();
		await expect(page).toHaveURL(url);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	}
	// the plan: completed period, the indicators, the tasks
	await expect(page.getByTestId('plan-completed')).toContainText('2025-12-31');
	await page.getByRole('link', { name: '57 indicators' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan indicators');
	await expect(page.locator('li.ind')).toHaveCount(57);
	// filter without JavaScript semantics: a GET form
	await page.getByLabel('Nature').selectOption('binding');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page).toHaveURL(/nature=binding/);
	const binding = await page.locator('li.ind').count();
	expect(binding).toBeGreaterThan(10);
	expect(binding).toBeLessThan(57);
	await page.goto('/en/plan/tasks');
	await expect(page.locator('li.task')).toHaveCount(78);
	await expect(page.getByRole('heading', { level: 2 })).toHaveCount(5);
	await page.getByLabel('Theme').selectOption('tourism');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page.locator('li.task')).toHaveCount(9);

	// the sorting search box on the home page answers
	await page.goto('/en');
	await page.getByRole('searchbox').first().fill('battery');
	await page.getByRole('searchbox').first().press('Enter');
	await expect(page).toHaveURL(/\/en\/sort\?q=battery/);
});

test('区城管委 staff record indicator 30 and it appears publicly with its history; 区教委 staff cannot', async ({
	page,
	browser,
	request
}) => {
	await staffLogin(page, 'city_management');
	await page.getByRole('link', { name: '规划指标与重点任务' }).click();
	await page.getByRole('link', { name: '生活垃圾回收利用率' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('填报指标 30');
	// bad input: a word for a number, a date in the future; nothing is lost
	await page.getByLabel(field('数值（单位：%）')).fill('大约三十');
	await page.getByLabel(field('数据日期')).fill('2099-01-01');
	await page.getByLabel(field('数据来源')).fill('区城管委 2024 年度统计');
	await page.getByRole('button', { name: '发布数值' }).click();
	await expect(page.getByRole('alert').first()).toContainText('请输入数字');
	await expect(page.getByLabel(field('数据来源'))).toHaveValue('区城管委 2024 年度统计');
	await page.getByLabel(field('数值（单位：%）')).fill('34.1');
	await page.getByLabel(field('数据日期')).fill('2024-12-31');
	await page.getByRole('button', { name: '发布数值' }).click();
	await expect(page).toHaveURL(/\/indicators\/30\?/);
	await expect(page.getByRole('status')).toContainText('数值已发布');
	// a second, later figure
	await page.goto('/admin/plan/indicators/30');
	await page.getByLabel(field('数值（单位：%）')).fill('36.8');
	await page.getByLabel(field('数据日期')).fill('2025-12-31');
	await page.getByLabel(field('数据来源')).fill('区城管委 2025 年度统计');
	await page.getByRole('button', { name: '发布数值' }).click();
	await expect(page).toHaveURL(/\/indicators\/30\?/);

	// the public page, in a fresh visitor's browser
	const ctx = await browser.newContext();
	const pub = await ctx.newPage();
	await pub.goto('/indicators/30');
	await expect(pub.locator('.big')).toHaveText('36.8%');
	await expect(pub.getByRole('row')).toHaveCount(3); // header + two figures
	await expect(pub.getByRole('cell', { name: '2024-12-31' })).toBeVisible();
	await expect(pub.getByText('未达标').first()).toBeVisible(); // 37.5% was the 2025 target
	await ctx.close();
	const api = await (await request.get('/api/indicators/30')).json();
	expect(api.indicator.latest).toMatchObject({ value: 36.8, date: '2025-12-31', live: false });
	expect(api.indicator.history).toHaveLength(2);
	const all = await (await request.get('/api/indicators')).json();
	expect(all.indicators).toHaveLength(57);
	expect(all.indicators.find((i: { no: number }) => i.no === 30)).toMatchObject({
		status: 'not_met',
		responsible: ['city_management'],
		targetKind: 'percent',
		direction: 'up'
	});

	// another department: the form is refused, and so is a direct POST
	const ectx = await browser.newContext();
	const edu = await ectx.newPage();
	await staffLogin(edu, 'education');
	expect((await edu.goto('/admin/plan/indicators/30'))?.status()).toBe(403);
	const post = await edu.request.post('/admin/plan/indicators/30', {
		form: { value: '99', asOf: '2025-12-31', source: 'x' },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(post.status()).toBe(403);
	await ectx.close();
	const after = await (await request.get('/api/indicators/30')).json();
	expect(after.indicator.history).toHaveLength(2);
});

test('the live 办结率 (indicator 52) reflects a report resolved in the same test', async ({
	page,
	browser,
	request
}) => {
	const before = (await (await request.get('/api/indicators/52')).json()).indicator.latest;
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-')), 'bin.jpg');
	fs.writeFileSync(
		file,
		await sharp({ create: { width: 800, height: 600, channels: 3, background: '#357' } })
			.jpeg()
			.toBuffer()
	);
	await page.goto('/report?place=town:taishitun&category=overflow');
	await page.getByLabel(field('描述')).fill('小区门口的分类垃圾桶满了，垃圾堆在地上');
	await page.getByLabel(field('照片（1–3 张）')).setInputFiles(file);
	await page.getByRole('button', { name: '提交' }).click();
	const code = /[2-9A-HJ-NP-Z]{8}/.exec((await page.locator('.code').textContent())!)![0];

	const ctx = await browser.newContext();
	const sp = await ctx.newPage();
	await staffLogin(sp, 'town_taishitun');
	await sp.goto(`/admin/reports/${code}`);
	await sp.getByRole('button', { name: '受理', exact: true }).click();
	await expect(sp.getByRole('status')).toContainText('已受理');
	const mid = (await (await request.get('/api/indicators/52')).json()).indicator.latest;
	expect(mid.records).toBe((before?.records ?? 0) + 1);
	await sp.getByLabel('承办人或班组').fill('太师屯镇保洁');
	await sp.getByRole('button', { name: '派单' }).click();
	await sp.getByRole('button', { name: '开始处理' }).click();
	await sp.getByLabel('公开答复（报告人和公众可见）').fill('已清运，已增加收运频次');
	await sp.getByRole('button', { name: '办结' }).click();
	await expect(sp.getByRole('status')).toContainText('已办结');
	await ctx.close();

	const after = (await (await request.get('/api/indicators/52')).json()).indicator.latest;
	const stats = await (await request.get('/api/reports/stats')).json();
	expect(after).toMatchObject({ live: true, records: mid.records });
	expect(after.value).toBeCloseTo(stats.resolutionRate * 100, 2);
	expect(after.value).toBeGreaterThan(mid.value);
	await page.goto('/indicators/52');
	await expect(page.getByTestId('live-note')).toContainText(`根据本网站 ${after.records} 条记录`);
	// nobody can type over it, not even through the staff form
	const actx = await browser.newContext();
	const ap = await actx.newPage();
	await signInAs(ap, 'admin');
	await ap.goto('/admin/plan/indicators/52');
	await expect(ap.locator('form[enctype]')).toHaveCount(0);
	await actx.close();
});
