import { PHONE, test, expect, type Page } from './kit';
import sharp from 'sharp';

// a phone (Pixel 7) for every test here
test.use(PHONE);

// Issue 19, "A report that survives no signal": a visitor on the reservoir's edge fills in the report
// with no signal. The phone keeps it (IndexedDB) as 待发送 and sends it when the signal returns, then
// shows the tracking code. The photo's own GPS, read in the browser with consent, fills the pin.

// the service worker keeps the form and its queue (blocked elsewhere: playwright.config.ts)
test.use({ serviceWorkers: 'allow' });

/** A photo taken at 40.3775 N, 116.843 E (inside Miyun), its position in the EXIF GPS block. */
async function photoWithGps() {
	return {
		name: 'reservoir.jpg',
		mimeType: 'image/jpeg',
		buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background: '#5a7' } })
			.withExif({
				IFD3: {
					GPSLatitudeRef: 'N',
					GPSLatitude: '40/1 22/1 3900/100',
					GPSLongitudeRef: 'E',
					GPSLongitude: '116/1 50/1 3480/100'
				}
			})
			.jpeg()
			.toBuffer()
	};
}

/** Opens the form with a signal (the service worker keeps a copy), then loses the signal. */
async function offlineForm(page: Page) {
	await page.goto('/report');
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
	await page.reload(); // now under the service worker, which keeps this page
	await expect(page.locator('html')).toHaveClass(/js/);
	await page.context().setOffline(true);
	await page.reload(); // with no signal the form still opens
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.locator('html')).toHaveClass(/js/);
}

test('a report sent with no signal waits on the phone, then goes with its tracking code', async ({ page }) => {
	await offlineForm(page);
	expect(await page.evaluate(() => navigator.onLine)).toBe(false);
	await page.locator('#f-category').selectOption('water_debris');
	await page.locator('#f-photos').setInputFiles(await photoWithGps());
	// the photo's position is offered, not used until the visitor agrees
	const use = page.getByRole('button', { name: '用照片的拍摄位置作为报告位置' });
	await expect(use).toBeVisible();
	await expect(page.locator('input[name=lat]')).toHaveValue('');
	await use.click();
	await expect(page.locator('input[name=lat]')).toHaveValue('40.377500');
	await expect(page.locator('input[name=lng]')).toHaveValue('116.843000');
	await page.locator('#f-description').fill('水库边漂着一片塑料瓶（离线测试）');
	await page.locator('main form[enctype] button[type=submit]').click();

	const item = page.locator('.outbox li').first();
	await expect(item).toHaveAttribute('data-state', 'waiting');
	await expect(item).toContainText('待发送');
	await expect(page.getByText('现在没有信号')).toBeVisible();
	await expect(page).toHaveURL(/\/report$/); // nothing was sent

	await page.context().setOffline(false);
	await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 20000 });
	const code = (await item.locator('.code').textContent())!.trim();
	expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
	// the reporter's private key came with it, kept on the phone (issue 16)
	const mine = item.getByTestId('outbox-private');
	await expect(mine).toHaveAttribute('href', /^\/report\/mine\/[A-Za-z0-9_-]{32}$/);
	const minePath = (await mine.getAttribute('href'))!;
	await item.getByRole('link', { name: '查看处理进度' }).click();
	await expect(page).toHaveURL(new RegExp(`/report/track/${code}$`));
	await expect(page.locator('main')).toContainText(code);
	// and it opens the reporter's own page, hours later as well (it no longer needs the cookie)
	await page.goto(minePath);
	await expect(page).toHaveURL(/\/report\/mine\//);
	await expect(page.locator('main')).toContainText(code);
});

test('a queued report the server refuses says so plainly and stays on the phone', async ({ page }) => {
	await offlineForm(page);
	await page.locator('#f-category').selectOption('litter');
	await page.locator('#f-photos').setInputFiles(await photoWithGps());
	await page.locator('#f-place').selectOption({ index: 1 });
	// longer than the server accepts (as a page kept from an older version might allow)
	await page.locator('#f-description').evaluate((el) => el.removeAttribute('maxlength'));
	await page.locator('#f-description').fill('太长的描述'.repeat(250));
	await page.locator('main form[enctype] button[type=submit]').click();
	const item = page.locator('.outbox li').first();
	await expect(item).toHaveAttribute('data-state', 'waiting');

	await page.context().setOffline(false);
	await expect(item).toHaveAttribute('data-state', 'failed', { timeout: 20000 });
	await expect(item.getByRole('alert')).toContainText('没有发送成功');
	await expect(item.getByRole('alert')).toContainText('仍保存在这台手机上');
	// kept across a reload, until the visitor deletes it
	await page.reload();
	await expect(page.locator('.outbox li').first()).toHaveAttribute('data-state', 'failed');
	await page.getByRole('button', { name: '删除这份报告' }).click();
	await expect(page.locator('.outbox')).toHaveCount(0);
});
