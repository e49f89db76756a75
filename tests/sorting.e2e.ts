import { test, expect, signInAs } from './kit';
import { field } from './helpers';

test('search in Chinese as you type, open the item, read how to put it out', async ({ page }) => {
	await page.goto('/sort');
	const box = page.getByRole('searchbox', { name: '输入物品名称' });
	await box.fill('奶茶杯');
	const live = page.getByTestId('live-results');
	await expect(live.getByRole('link').first()).toContainText('奶茶杯');
	await live.getByRole('link').first().click();
	await expect(page).toHaveURL(/\/sort\/item\/[a-z0-9-]+$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('奶茶杯');
	await expect(page.getByText('其他垃圾').first()).toBeVisible();
	await expect(page.getByRole('heading', { name: '各部分分别投放' })).toBeVisible();
});

test('pinyin initials and a homophone typo find the item; the plain form works without JavaScript', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/sort');
	await page.getByRole('searchbox').fill('相蕉皮');
	await page.getByRole('button', { name: '查询' }).click();
	await expect(page).toHaveURL(/\/sort\?q=/);
	await expect(page.getByRole('heading', { level: 2, name: /查询结果/ })).toBeVisible();
	await expect(page.locator('.results a').first()).toContainText('香蕉皮');
	await page.goto('/sort?q=cdb');
	await expect(page.locator('.results a').first()).toContainText('充电宝');
	await context.close();
});

test('in English: search an English word and see English instructions', async ({ page }) => {
	await page.goto('/en/sort');
	await page.getByRole('searchbox', { name: 'What are you throwing away?' }).fill('batteries');
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page).toHaveURL(/\/en\/sort\?q=batteries/);
	const firstResult = page.locator('.results li').first();
	await expect(firstResult).toContainText(/batter/i);
	await firstResult.getByRole('link').click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { name: 'How to put it out' })).toBeVisible();
});

test('nonsense → suggest the item → staff add it → it is found', async ({ page, browser }) => {
	const word = `冰墩墩摆件${Date.now() % 100000}`;
	await page.goto(`/sort?q=${encodeURIComponent(word)}`);
	await expect(page.getByText(`没有找到“${word}”`)).toBeVisible();
	await expect(page.getByLabel(field('物品名称'))).toHaveValue(word);
	await page.getByLabel('补充说明（选填）').fill('<img src=x onerror=alert(1)> 冬奥会纪念品');
	await page.getByRole('button', { name: '提交建议' }).click();
	await expect(page.getByText('谢谢！您的建议已提交')).toBeVisible();

	const ctx = await browser.newContext();
	const sp = await ctx.newPage();
	await signInAs(sp, 'staff', 'city_management');
	await sp.getByRole('link', { name: '分类指南维护' }).click();
	const card = sp.locator('section.suggestion', { hasText: word });
	// the HTML the visitor typed is shown as text, never run
	await expect(card.getByText('<img src=x onerror=alert(1)> 冬奥会纪念品')).toBeVisible();
	await card.locator('summary', { hasText: '新增为物品' }).click();
	await card.getByLabel('英文名称（用逗号或换行分隔，第一个为显示名）').fill(`olympic mascot ${Date.now() % 100000}`);
	await card.getByLabel('分类', { exact: true }).selectOption('other');
	await card.getByLabel('投放说明（中文）').fill('完好的可以送人；损坏的投入其他垃圾桶。');
	await card.getByLabel('投放说明（英文）').fill('Give it away if intact; broken ones go in the other-waste bin.');
	await card.getByRole('button', { name: '新增为物品' }).click();
	await expect(sp.getByRole('status')).toContainText('现在可以搜索到');
	await ctx.close();

	await page.goto(`/sort?q=${encodeURIComponent(word)}`);
	await expect(page.locator('.results a').first()).toContainText(word);
	const api = await page.request.get(`/api/sort/search?q=${encodeURIComponent(word)}`);
	expect((await api.json()).results[0].name).toBe(word);
});

test('the self-test: answer ten, get a score', async ({ page }) => {
	await page.goto('/sort/quiz');
	await page.getByRole('button', { name: '查看结果' }).click(); // browser validation stops an empty form
	await expect(page.getByRole('status')).toHaveCount(0);
	const groups = page.locator('fieldset');
	await expect(groups).toHaveCount(10);
	for (let i = 0; i < 10; i++) await groups.nth(i).getByRole('radio').first().check();
	await page.getByRole('button', { name: '查看结果' }).click();
	await expect(page.getByRole('status')).toContainText(/您答对了 \d+ \/ 10 题/);
});

test.describe('offline', () => {
	// the service worker keeps the guide (blocked elsewhere: playwright.config.ts)
	test.use({ serviceWorkers: 'allow' });
	test('the guide works offline once visited', async ({ page, context }) => {
		await page.goto('/sort');
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
		await page.reload(); // now controlled by the service worker
		await page.getByRole('searchbox').fill('电池'); // fetches and caches the index
		await expect(page.getByTestId('live-results').getByRole('link').first()).toBeVisible();
		await page.goto('/sort/category/hazardous');
		await context.setOffline(true);
		try {
			await page.goto('/sort');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('垃圾分类指南');
			await page.getByRole('searchbox').fill('xjp');
			await expect(page.getByTestId('live-results').getByRole('link').first()).toContainText('香蕉皮');
			await page.goto('/sort/category/hazardous');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('有害垃圾');
		} finally {
			await context.setOffline(false);
		}
	});
});
