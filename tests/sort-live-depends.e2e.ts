/**
 * Issue 18: answers that depend on the variant say "depends" and list the variants in the live
 * (as-you-type) results too, not one coloured badge; "dc" puts 废电池 first.
 */
import { test, expect } from './kit';

test('live search: 废电池 and 过期饮料 say "depends" with their variants; "dc" finds 废电池 first', async ({
	page
}) => {
	await page.goto('/sort');
	const box = page.getByRole('searchbox', { name: '输入物品名称' });
	const live = page.getByTestId('live-results');
	// typing before the page has hydrated reaches no handler: type again until the live list answers
	await expect(async () => {
		await box.fill('');
		await box.fill('dc');
		await expect(live.getByRole('link').first()).toContainText('废电池', { timeout: 2000 });
	}).toPass();
	const battery = live
		.locator('li')
		.filter({ has: page.getByRole('link', { name: /^废电池/ }) })
		.first();
	await expect(battery.getByTestId('depends')).toHaveText('看情况，分开投放');
	await expect(battery.locator('.variants li')).toHaveText([
		/普通干电池.*其他垃圾/,
		/充电电池.*有害垃圾/,
		/纽扣电池.*有害垃圾/,
		/铅酸蓄电池.*有害垃圾/
	]);
	await box.fill('过期饮料');
	const drink = live
		.locator('li')
		.filter({ has: page.getByRole('link', { name: /^过期饮料/ }) })
		.first();
	await expect(drink.getByTestId('depends')).toBeVisible();
	await expect(drink.locator('.variants li')).toHaveText([
		/液体.*不进垃圾桶|液体.*不进任何垃圾桶/,
		/倒空冲净.*可回收物/
	]);
	// a single answer keeps its one badge
	await box.fill('香蕉皮');
	const banana = live.locator('li').first();
	await expect(banana).toContainText('厨余垃圾');
	await expect(banana.getByTestId('depends')).toHaveCount(0);
});
