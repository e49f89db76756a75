/**
 * Issue 19, applicants: 补正 marks and links the sections to fix with the reviewer's reason on top;
 * the timeline names items instead of codes; the certificate prints alone on A4; a forged or
 * revoked QR code says so (page and .json) instead of "page not found".
 */
import type { ScreensSeed } from './screens-seed';
import { test, expect, login, dbPath, workerServer, inDb, type Locator } from './kit';

let seeded: Promise<ScreensSeed> | undefined;
function seed(): Promise<ScreensSeed> {
	seeded ??= inDb().then((m) => m.screens(dbPath(), workerServer().filesDir));
	return seeded;
}

test('补正: the reviewer’s reason is on top, the sections to fix are marked and linked, never 已完成; the timeline names the items', async ({
	page
}) => {
	const s = await seed();
	await login(page, s.fixEmail, s.password);
	await expect(page).not.toHaveURL(/\/login/);
	await page.goto(`/cells/apply/${s.fixId}`);
	const notice = page.locator('.notice.fix');
	await expect(notice.getByRole('heading', { name: '需要补正' })).toBeVisible();
	await expect(notice.getByTestId('info-reason')).toHaveText('承诺书缺少盖章；分类桶照片看不清标识。');
	// the reason comes before the task list and the timeline, not at the bottom
	const y = async (l: Locator) => (await l.boundingBox())!.y;
	expect(await y(notice)).toBeLessThan(await y(page.getByRole('heading', { name: '申报任务清单' })));
	expect(await y(notice)).toBeLessThan(await y(page.getByRole('heading', { name: '办理进度' })));
	// the two sections holding reopened items say 需补正, the others stay completed
	const status = (i: number) => page.locator('ol.tasks li').nth(i).locator('[data-section-status]');
	await expect(status(0)).toHaveAttribute('data-section-status', 'to_fix');
	await expect(status(0)).toHaveText('需补正');
	await expect(status(1)).toHaveAttribute('data-section-status', 'to_fix');
	await expect(status(2)).toHaveAttribute('data-section-status', 'completed');
	await expect(page.locator('ol.tasks [data-section-status="to_fix"]', { hasText: '已完成' })).toHaveCount(0);
	// and the notice links straight to them
	await notice.getByRole('link', { name: '修改“基本要求”' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('基本要求');
	await page.goto(`/cells/apply/${s.fixId}`);
	// the timeline shows the items by name, never the internal codes
	const items = page.getByTestId('timeline-items');
	await expect(items).toContainText('法定代表人或负责人签署的申报承诺书');
	await expect(items).toContainText('2099-12-31');
	await expect(page.locator('main')).not.toContainText('e_commitment');
	await expect(page.locator('main')).not.toContainText('m_sorting');
	// the self-score reads "N 分（合格线 M）"
	await expect(page.locator('.score .total').first()).toHaveText(/^\d+(\.\d+)? 分（合格线 \d+）$/);
	// and in English
	await page.goto(`/en/cells/apply/${s.fixId}`);
	await expect(status(0)).toHaveText('To fix');
	await expect(page.locator('.score .total').first()).toHaveText(/^\d+(\.\d+)? points \(pass mark \d+\)$/);
	await expect(page.locator('main')).not.toContainText('e_commitment');
});

test('the certificate prints alone on one A4 page: no header, menu or footer; a print button on screen', async ({
	page
}) => {
	const s = await seed();
	await login(page, s.certEmail, s.password);
	await expect(page).not.toHaveURL(/\/login/);
	await page.goto(`/cells/apply/${s.certId}/certificate`);
	const printButton = page.getByRole('button', { name: '打印 / 保存为 PDF' });
	await expect(printButton).toBeVisible();
	await expect(page.locator('header').first()).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	for (const sel of ['header', 'nav', 'footer']) {
		const all = page.locator(sel);
		for (let i = 0; i < (await all.count()); i++) await expect(all.nth(i)).toBeHidden();
	}
	await expect(printButton).toBeHidden();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('无废细胞认定证书');
	await expect(page.locator('.certificate .qr svg')).toBeVisible();
	// the PDF Chromium makes from it: A4 (595×842 pt), one page
	const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
	expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
	const box = /\/MediaBox\s*\[([^\]]+)\]/.exec(pdf)![1].trim().split(/\s+/).map(Number);
	expect(Math.abs(box[2] - 595.28)).toBeLessThan(1.5);
	expect(Math.abs(box[3] - 841.89)).toBeLessThan(1.5);
	await page.emulateMedia({ media: 'screen' });
	await expect(printButton).toBeVisible();
});

test('a forged QR code says 证书无效 and a revoked one 已撤销 with the reason, in the page and the .json', async ({
	page,
	request
}) => {
	const s = await seed();
	for (const forged of ['a'.repeat(32), 'not-a-token']) {
		const r = await page.goto(`/cells/verify/${forged}`);
		expect(r?.status()).toBe(404);
		await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'invalid');
		await expect(page.locator('[data-status]')).toHaveText('证书无效');
		await expect(page.locator('main')).not.toContainText('页面不存在');
		const j = await request.get(`/cells/verify/${forged}.json`);
		expect(j.status()).toBe(404);
		expect(await j.json()).toEqual({ status: 'invalid' });
	}
	await page.goto(`/en/cells/verify/${'b'.repeat(32)}`);
	await expect(page.locator('[data-status]')).toHaveText('Certificate not valid');

	await page.goto(`/cells/verify/${s.revokedToken}`);
	await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'revoked');
	await expect(page.locator('[data-status]')).toHaveText('已撤销');
	await expect(page.getByTestId('revoked-reason')).toHaveText('抽查发现仍主动提供一次性用品');
	const j = await request.get(`/cells/verify/${s.revokedToken}.json`);
	expect(j.status()).toBe(200);
	expect(await j.json()).toMatchObject({ status: 'revoked', reason: '抽查发现仍主动提供一次性用品' });
	// a valid one still says so, without a reason
	const v = await request.get(`/cells/verify/${s.validToken}.json`);
	expect(await v.json()).toMatchObject({ status: 'valid' });
	expect((await v.json()).reason).toBeUndefined();
});
