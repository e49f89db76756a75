import { test, expect } from './kit';
import sharp from 'sharp';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { field } from './helpers';

// issue 18: the place chosen from a QR code is the report's place and decides the routing
test('a full bin reported from the 黑龙潭 QR code is at 黑龙潭 and goes to 区文旅局, on the tracking page and in Open311', async ({
	page,
	request
}) => {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-place-')), 'bin.jpg');
	fs.writeFileSync(
		file,
		await sharp({ create: { width: 800, height: 600, channels: 3, background: '#357' } })
			.jpeg()
			.toBuffer()
	);
	await page.goto('/report?place=scenic:black_dragon_pool&category=overflow');
	await page.getByLabel(field('描述')).fill('停车场旁的垃圾桶满了，垃圾溢到地上');
	await page.getByLabel(field('照片（1–3 张）')).setInputFiles(file);
	await page.getByRole('button', { name: '提交' }).click();
	await expect(page).toHaveURL(/\/report\/track\/[2-9A-HJ-NP-Z]{8}\?new=1$/);
	const code = page.url().match(/track\/([2-9A-HJ-NP-Z]{8})/)![1];
	await expect(page.getByText(/黑龙潭/).first()).toBeVisible();
	await expect(page.getByText('密云水库二级保护区')).toHaveCount(0);
	const [req] = await (await request.get(`/open311/v2/requests/${code}.json`)).json();
	expect(req.address).toContain('黑龙潭');
	expect(req.agency_responsible).toContain('区文旅局');
	expect(req.service_code).toBe('overflow');
});
