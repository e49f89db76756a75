import { test, expect, signInAs } from './kit';
import sharp from 'sharp';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { field } from './helpers';

async function photoFile(name: string, gps = true): Promise<string> {
	const img = sharp({ create: { width: 1200, height: 900, channels: 3, background: '#6a5' } }).jpeg();
	const buf = gps
		? await img
				.withExif({
					IFD0: { Make: 'PhoneCo' },
					IFD3: {
						GPSLatitudeRef: 'N',
						GPSLatitude: '40/1 39/1 25/1',
						GPSLongitudeRef: 'E',
						GPSLongitude: '117/1 15/1 18/1'
					}
				})
				.toBuffer()
		: await img.toBuffer();
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-photo-')), name);
	fs.writeFileSync(file, buf);
	return file;
}

async function staffLogin(page: import('@playwright/test').Page, department: string) {
	await signInAs(page, 'staff', department);
}

test('a tourist reports litter in English; the routed department works it; the tourist follows and confirms', async ({
	page,
	browser
}) => {
	await page.goto('/en/report?place=scenic:gubei_water_town&category=litter');
	await expect(page.getByLabel(field('What is the problem\\?'))).toHaveValue('litter');
	await expect(page.getByLabel('Or choose a place')).toHaveValue('scenic:gubei_water_town');
	// first try without a photo: the form says so and keeps the text
	await page.getByLabel(field('Description')).fill('Plastic bottles and bags by the footpath near the bridge');
	await page.getByRole('button', { name: 'Send report' }).click();
	await expect(page.getByRole('alert')).toContainText('Please add at least one photo.');
	await expect(page.getByLabel(field('Description'))).toHaveValue(
		'Plastic bottles and bags by the footpath near the bridge'
	);
	await page.getByLabel(field('Photos \\(1–3\\)')).setInputFiles(await photoFile('litter.jpg'));
	await page.getByRole('button', { name: 'Send report' }).click();
	await expect(page.getByRole('heading', { name: 'Report received' })).toBeVisible();
	const code = /[2-9A-HJ-NP-Z]{8}/.exec((await page.locator('.code').textContent())!)![0];
	expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
	const trackUrl = page.url().replace(/\?new=1$/, '');
	// the private link is shown once, beside the public code
	const mineUrl = await page.getByTestId('private-link').inputValue();
	expect(mineUrl).toMatch(/\/en\/report\/mine\/[A-Za-z0-9_-]{32}$/);
	await expect(page.getByTestId('status')).toHaveText('Waiting to be checked');

	// the public photo carries no GPS or camera data
	const src = await page.locator('.photos img').first().getAttribute('src');
	const pub = await page.request.get(src!);
	expect((await sharp(await pub.body()).metadata()).exif).toBeUndefined();

	// staff of another department cannot see it
	const otherCtx = await browser.newContext();
	const other = await otherCtx.newPage();
	await staffLogin(other, 'water');
	await other.goto('/admin/reports');
	await expect(other.getByText(code)).toHaveCount(0);
	expect((await other.goto(`/admin/reports/${code}`))?.status()).toBe(404);
	await otherCtx.close();

	// the routed department (区文旅局 for litter in a scenic area) works it
	const ctx = await browser.newContext();
	const sp = await ctx.newPage();
	await staffLogin(sp, 'culture_tourism');
	await sp.getByRole('link', { name: '随手拍工单' }).click();
	await sp.getByRole('link', { name: code }).click();
	await sp.getByRole('button', { name: '受理', exact: true }).click();
	await expect(sp.getByRole('status')).toContainText('已受理');
	await sp.getByLabel('承办人或班组').fill('景区保洁队');
	await sp.getByRole('button', { name: '派单' }).click();
	await sp.getByRole('button', { name: '开始处理' }).click();
	await sp.getByLabel('公开答复（报告人和公众可见）').fill('Cleared by the scenic-area cleaning team. Thank you!');
	await sp.getByRole('button', { name: '办结' }).click();
	await expect(sp.getByRole('alert')).toContainText('必须上传处理后照片');
	await sp.getByLabel('公开答复（报告人和公众可见）').fill('Cleared by the scenic-area cleaning team. Thank you!');
	await sp.getByLabel('内部备注（仅工作人员可见）').fill('internal: crew B, 20 minutes');
	await sp.getByLabel('处理后照片').setInputFiles(await photoFile('after.jpg', false));
	await sp.getByRole('button', { name: '办结' }).click();
	await expect(sp.getByRole('status')).toContainText('已办结');
	await ctx.close();

	// the tourist sees each step, the public reply, never the internal note, and confirms
	await page.goto(trackUrl);
	await expect(page.getByTestId('status')).toHaveText('Resolved');
	for (const s of ['Accepted', 'Assigned', 'Being dealt with', 'Resolved'])
		await expect(page.locator('.timeline')).toContainText(s);
	await expect(page.getByText('Cleared by the scenic-area cleaning team. Thank you!')).toBeVisible();
	await expect(page.getByText('crew B')).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'After photos' })).toBeVisible();
	// the public page is read-only: the answer is given through the private link
	await expect(page.getByRole('button', { name: 'Yes, fixed' })).toHaveCount(0);
	await page.goto(mineUrl);
	await page.getByRole('button', { name: 'Yes, fixed' }).click();
	await expect(page.getByRole('status')).toContainText('Thank you for telling us.');
	await page.goto(trackUrl);
	await expect(page.locator('.timeline')).toContainText('The reporter confirmed it is fixed.');

	const stats = await (await page.request.get('/api/reports/stats')).json();
	expect(stats.accepted).toBeGreaterThanOrEqual(1);
	expect(stats.resolutionRate).toBeGreaterThan(0);
	expect(stats.byDepartment.some((d: { code: string }) => d.code === 'culture_tourism')).toBe(true);
});

test('the report form works without JavaScript and refuses a non-photo, keeping the text', async ({ browser }) => {
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	await page.goto('/report');
	// a place and category no other journey uses, so no "same problem nearby" prompt comes first
	await page.getByLabel(field('问题类型')).selectOption('overflow');
	await page.getByLabel('或选择地点').selectOption('town:xinchengzi');
	await page.getByLabel(field('描述')).fill('新城子镇政府门口的垃圾桶满了');
	const fake = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-')), 'photo.jpg');
	fs.writeFileSync(fake, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
	await page.getByLabel(field('照片（1–3 张）')).setInputFiles(fake);
	await page.getByRole('button', { name: '提交' }).click();
	await expect(page.getByRole('alert')).toContainText('只能上传照片');
	await expect(page.getByLabel(field('描述'))).toHaveValue('新城子镇政府门口的垃圾桶满了');
	await expect(page.getByLabel('或选择地点')).toHaveValue('town:xinchengzi');
	await page.getByLabel(field('照片（1–3 张）')).setInputFiles(await photoFile('bin.jpg'));
	await page.getByRole('button', { name: '提交' }).click();
	await expect(page.getByRole('heading', { name: '已收到您的报告' })).toBeVisible();

	// the same bin again: the site offers the open report instead; the visitor may still send it
	await page.goto('/report?place=town:xinchengzi&category=overflow');
	await page.getByLabel(field('描述')).fill('还是那个垃圾桶，又满了');
	await page.getByLabel(field('照片（1–3 张）')).setInputFiles(await photoFile('bin2.jpg'));
	await page.getByRole('button', { name: '提交' }).click();
	await expect(page.getByRole('alert')).toContainText('附近 250 米内已有一条同类报告');
	await expect(page.getByLabel(field('描述'))).toHaveValue('还是那个垃圾桶，又满了');
	await page.getByLabel('这是另一个问题，仍然提交').check();
	await page.getByLabel(field('照片（1–3 张）')).setInputFiles(await photoFile('bin3.jpg'));
	await page.getByRole('button', { name: '提交' }).click();
	await expect(page.getByRole('heading', { name: '已收到您的报告' })).toBeVisible();
	await ctx.close();
});

test('the public list shows reports without personal data', async ({ page }) => {
	await page.goto('/reports');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('随手拍公开列表');
	await expect(page.locator('.list li').first()).toBeVisible();
	// contact details given in the journeys never appear publicly
	await expect(page.getByText('13900000000')).toHaveCount(0);
	await page.locator('.list li a').first().click();
	await expect(page).toHaveURL(/\/report\/track\/[2-9A-HJ-NP-Z]{8}$/);
	await page.getByRole('button', { name: '举报不当内容' }).click();
	await expect(page.getByRole('status')).toContainText('我们会尽快核查');
});

test('tracking codes: lookup, unknown code, and the stats API refuses bad dates', async ({ page, request }) => {
	await page.goto('/en/reports/stats');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('How reports are handled');
	await expect(page.getByText('Resolution rate').first()).toBeVisible();
	await page.goto('/reports/stats?from=bad');
	await expect(page.getByRole('alert')).toContainText('已显示最近 12 个月');
	await page.goto('/report/track?code=ZZZZZZZZ');
	await expect(page.getByRole('alert')).toContainText('没有找到这个查询码');
	expect((await request.get('/report/track/not-a-code')).status()).toBe(404);
	expect((await request.get('/api/reports/stats?from=2026-13-01')).status()).toBe(400);
	expect((await request.get('/api/reports/stats?from=2026-05-01&to=2026-01-01')).status()).toBe(400);
	const ok = await (await request.get('/api/reports/stats?from=2026-01-01&to=2026-12-31')).json();
	expect(Object.keys(ok)).toEqual(
		expect.arrayContaining([
			'from',
			'to',
			'accepted',
			'resolved',
			'resolutionRate',
			'medianHoursToAccept',
			'p90HoursToAccept',
			'medianHoursToResolve',
			'p90HoursToResolve',
			'withinDeadlineRate',
			'byDepartment',
			'byCategory',
			'byZone'
		])
	);
});
