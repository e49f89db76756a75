import { PHONE, test, expect } from './kit';
import { expectAccessible } from './helpers';
import { seed, sweep, expectErrorFocus, expectErrorsLinked, type Seed } from './a11y-shared';

// a phone (Pixel 7) for every test here
test.use(PHONE);

// Key pages on a phone (Pixel 7), through axe in both locales, in large-text and high-contrast mode
// too; the report form's error state on the small screen.
let s: Seed;
test.beforeAll(async () => {
	s = await seed();
});

test('key pages pass axe on a phone, in both locales', async ({ page }) => {
	await sweep(page, [
		'/',
		'/sort?q=%E7%94%B5%E6%B1%A0',
		'/points',
		`/surveys/${s.surveySlug}`,
		'/en',
		'/en/report',
		'/en/indicators',
		`/en/notices/${s.noticeId}`
	]);
	// the report form rejected on a phone: summary focused, messages linked, still accessible
	await page.goto('/report');
	await page.locator('main form[enctype] button[type=submit]').click();
	await expect(page.locator('.error-summary li')).not.toHaveCount(0);
	await expectErrorFocus(page);
	await expectErrorsLinked(page);
	await expectAccessible(page);
});

test('large text and high contrast on a phone pass axe', async ({ page }) => {
	await page.goto('/en');
	await page.getByText('Menu', { exact: true }).click();
	await page.getByRole('button', { name: 'Large text' }).click();
	await page.getByText('Menu', { exact: true }).click();
	await page.getByRole('button', { name: 'High contrast' }).click();
	await expect(page.locator('html')).toHaveClass(/mode-text mode-contrast/);
	await sweep(page, [
		'/en',
		'/sort',
		'/report',
		`/surveys/${s.surveySlug}`,
		'/cells',
		'/reports/stats',
		'/indicators/30',
		'/indicators/perception',
		'/about/privacy'
	]);
});
