import { test, expect } from './kit';
import { expectAccessible } from './helpers';
import { LOCALES, at, jpeg, submitUnvalidated, expectErrorFocus, expectErrorsLinked } from './a11y-shared';

// Every public form of the residents' side in each state — empty, rejected (the server's messages),
// accepted — in both locales, through axe; rejected fields must name their message. Each test is a
// visitor of its own (tests/kit.ts), so its refused and accepted submissions count against no other
// journey's limits.

// places no other journey reports from, so no nearby report is offered as the same one
const PLACES = { 'zh-CN': ['town:shicheng', 'overflow'], en: ['town:tanying', 'litter'] } as const;

for (const { name, prefix } of LOCALES) {
	test(`report form and privacy request: empty, rejected, accepted (${name})`, async ({ page }) => {
		const go = (p: string) => page.goto(at(prefix, p));
		const form = page.locator('main form[method=POST]').last();
		// the report form
		await go('/report');
		await expectAccessible(page);
		await form.locator('button[type=submit]').click();
		await expect(page.locator('.error-summary li')).not.toHaveCount(0);
		await expectErrorFocus(page);
		await expectErrorsLinked(page);
		for (const id of ['f-category', 'f-photos', 'f-description'])
			await expect(page.locator(`#${id}`)).toHaveAttribute('aria-invalid', 'true');
		await expectAccessible(page);
		// each summary link leads to its field
		await page.locator('.error-summary a').first().click();
		await expect(page.locator('#f-category')).toBeFocused();
		const [place, category] = PLACES[name];
		await page.locator('#f-category').selectOption(category);
		await page.locator('#f-place').selectOption(place);
		await page.locator('#f-description').fill(name === 'en' ? 'Bags of rubbish by the road' : '路边堆着几袋垃圾');
		await page.locator('#f-photos').setInputFiles(await jpeg());
		await form.locator('button[type=submit]').click();
		await expect(page).toHaveURL(/\/report\/track\/[2-9A-HJ-NP-Z]{8}\?new=1/);
		await expect(page.locator('.code')).toBeVisible();
		const code = page.url().match(/track\/([2-9A-HJ-NP-Z]{8})/)![1];
		await expectAccessible(page);

		// the personal-data request: nothing given, then an unknown code, then the report's code
		await go('/about/privacy/request');
		await expectAccessible(page);
		await submitUnvalidated(form);
		await expect(page.locator('.error-summary')).toBeVisible();
		await expectErrorFocus(page);
		await expectErrorsLinked(page);
		await expectAccessible(page);
		await page.locator('#f-kind').check();
		await page.locator('#f-trackingCode').fill('ZZZZZZZZ');
		await page.locator('#f-details').fill(name === 'en' ? 'Please delete my phone number.' : '请删除我的电话号码。');
		await form.locator('button[type=submit]').click();
		await expect(page.locator('#f-trackingCode')).toHaveAttribute('aria-invalid', 'true');
		await expectErrorsLinked(page);
		await expectAccessible(page);
		await page.locator('#f-trackingCode').fill(code);
		await form.locator('button[type=submit]').click();
		await expect(page.getByRole('status')).toBeVisible();
		await expectAccessible(page);
	});
}
