/**
 * Issue 19, survey builder: reorder questions (draft), preview as a respondent, a share panel with
 * the link and a QR code as PNG and SVG; once open the structure is locked but the wording can be
 * edited; every action redirects (no `?/` left in the address).
 */
import { test, expect, addUser, login, totpNow, field, dbPath, inDb } from './kit';

test('survey builder: reorder, preview, share as PNG and SVG; once open only the wording changes', async ({ page }) => {
	const seed = await (await inDb()).builderSurvey(dbPath());
	const a = await addUser('admin');
	await login(page, a.email, a.password);
	await page.getByLabel(field('验证码')).fill(await totpNow(a.secret));
	await page.getByRole('button', { name: '验证' }).click();
	await expect(page).toHaveURL(/\/admin$/);
	await page.goto(`/admin/surveys/${seed.id}`);

	// reorder: the first question of the first section moves down one place
	const codes = () => page.locator('section.sec').first().locator('ol > li > code').allTextContents();
	const [first, second] = await codes();
	await page.getByRole('button', { name: `下移 ${first}` }).click();
	await expect(page.getByRole('status').filter({ hasText: '题目顺序已更新' })).toBeVisible();
	expect(page.url()).not.toContain('?/');
	expect((await codes()).slice(0, 2)).toEqual([second, first]);
	await page.reload();
	expect((await codes()).slice(0, 2)).toEqual([second, first]);

	// share: the link, and the QR code as SVG and PNG with the right types
	await expect(page.getByTestId('share-url')).toHaveValue(new RegExp(`/surveys/${seed.slug}$`));
	const img = page.locator('.share img');
	await expect(img).toBeVisible();
	await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
	const svg = await page.request.get(`/admin/surveys/${seed.id}/qr.svg`);
	expect(svg.headers()['content-type']).toMatch(/^image\/svg\+xml/);
	expect(await svg.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
	const png = await page.request.get(`/admin/surveys/${seed.id}/qr.png`);
	expect(png.headers()['content-type']).toBe('image/png');
	expect((await png.body()).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
	// not for anonymous visitors
	const anon = await page.context().browser()!.newContext();
	expect((await anon.request.get(`/admin/surveys/${seed.id}/qr.png`, { maxRedirects: 0 })).status()).not.toBe(200);
	await anon.close();

	// preview as a respondent: every page's questions, nothing to send
	await page.getByRole('link', { name: '以答题人身份预览' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('预览');
	await expect(page.getByTestId('preview-note')).toBeVisible();
	expect(await page.locator('[data-page]').count()).toBeGreaterThan(1);
	await expect(page.locator('main form')).toHaveCount(0);
	await expect(page.locator('main button[type=submit]')).toHaveCount(0);
	await page.goBack();

	// open it: the structure locks (no move/remove), the wording still changes
	await page.getByRole('button', { name: '开放调查' }).click();
	expect(page.url()).not.toContain('?/');
	await expect(page.getByRole('button', { name: `下移 ${first}` })).toHaveCount(0);
	const item = page.locator('section.sec').first().locator('ol > li').first();
	await item.getByText('修改措辞').click();
	await item.getByLabel('中文题目').fill('您常住在哪个镇街？');
	await item.getByRole('button', { name: '保存措辞' }).click();
	await expect(page.getByRole('status').filter({ hasText: '题目措辞已保存' })).toBeVisible();
	expect(page.url()).not.toContain('?/');
	await expect(page.locator('section.sec').first().locator('ol > li').first().locator('strong')).toHaveText(
		'您常住在哪个镇街？'
	);
	expect((await codes()).slice(0, 2)).toEqual([second, first]);
	// the public page shows the new wording
	await page.goto(`/surveys/${seed.slug}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('构建器测试问卷');
});
