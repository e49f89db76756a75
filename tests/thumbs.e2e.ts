/**
 * Issue 19: the public list and the staff queue show thumbnails, served at thumbnail size (the
 * files pipeline's 192×144 variant), not the stored 2048 px photo scaled down by CSS.
 */
import sharp from 'sharp';
import { test, expect, origin, signInAs } from './kit';

/** A detailed phone-sized photo (noise compresses badly, as real photos do). */
async function photo(): Promise<Buffer> {
	const w = 1600;
	const h = 1200;
	const px = Buffer.alloc(w * h * 3);
	for (let i = 0; i < px.length; i++) px[i] = (i * 7919 + ((i / 3) | 0) * 104729) % 251;
	return sharp(px, { raw: { width: w, height: h, channels: 3 } })
		.jpeg({ quality: 85 })
		.toBuffer();
}

test('list thumbnails are served small: /reports and the staff queue', async ({ page, request }) => {
	const fd = new FormData();
	for (const [k, v] of Object.entries({
		category: 'litter',
		description: 'Thumbnail journey: litter by the road',
		place: 'town:xiwengzhuang',
		confirmNew: '1'
	}))
		fd.set(k, v);
	fd.append('photos', new Blob([new Uint8Array(await photo())], { type: 'image/jpeg' }), 'p.jpg');
	const filed = await fetch(`${origin()}/report`, {
		method: 'POST',
		body: fd,
		headers: { origin: origin(), accept: 'text/html' },
		redirect: 'manual'
	});
	const code = /\/report\/track\/([2-9A-HJ-NP-Z]{8})/.exec(filed.headers.get('location') ?? '')![1];

	await page.goto('/reports?town=xiwengzhuang&category=litter');
	const img = page.locator(`img.thumb[alt*="${code}"]`);
	await expect(img).toHaveAttribute('src', /^\/files\/[a-z2-7]{32}\?size=thumb$/);
	await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(192);
	const src = (await img.getAttribute('src'))!;
	const thumb = await request.get(src);
	const full = await request.get(src.replace('?size=thumb', ''));
	expect(thumb.headers()['content-type']).toBe('image/jpeg');
	const [t, f] = [(await thumb.body()).byteLength, (await full.body()).byteLength];
	console.log(`thumbnail ${t} bytes, stored photo ${f} bytes`);
	expect(t).toBeLessThan(30_000);
	expect(t * 10).toBeLessThan(f);

	await signInAs(page, 'admin');
	await page.goto('/admin/reports');
	const q = page.locator(`img.thumb[alt*="${code}"]`);
	await expect(q).toHaveAttribute('src', src);
	await expect.poll(() => q.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(192);
});
