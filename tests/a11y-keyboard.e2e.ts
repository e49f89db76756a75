import { test, expect, type Page } from './kit';
import { LOCALES, at, jpeg, seed, expectVisibleFocus, tabTo, type Seed } from './a11y-shared';

// Keyboard-only journeys: the report form (category, a place from the list — the non-map way —
// photo through the file chooser, description, submit) and a survey from consent to completion,
// with Tab / Shift+Tab / Space / Enter / arrow keys and typing only; no clicks, no fill. Whatever
// has focus must show it. The arrow keys
// land on places no other journey reports litter at (scenic:wuling_mountain, town:guoyuan), so no
// nearby report is offered as the same problem.
let s: Seed;
test.beforeAll(async () => {
	s = await seed();
});

const active = (page: Page) =>
	page.evaluate(() => {
		const el = document.activeElement as HTMLInputElement | null;
		if (!el || el === document.body) return null;
		return {
			tag: el.tagName.toLowerCase(),
			type: el.type ?? '',
			id: el.id,
			name: el.name ?? '',
			value: el.value ?? '',
			inQuestion: !!el.closest('form .question'),
			group: el.name
				? [...document.querySelectorAll<HTMLInputElement>(`input[name="${CSS.escape(el.name)}"]`)].some(
						(x) => x.checked
					)
				: false
		};
	});

for (const { name, prefix } of LOCALES) {
	test(`the report form with the keyboard only (${name})`, async ({ page }) => {
		await page.goto(at(prefix, '/report'));
		// the skip link first, then into the form
		await page.keyboard.press('Tab');
		await expectVisibleFocus(page, 'on the skip link');
		await tabTo(page, page.locator('#f-category'));
		await expectVisibleFocus(page, 'on the category');
		await page.keyboard.press('ArrowDown'); // the first category
		await expect(page.locator('#f-category')).not.toHaveValue('');
		// listening for the file chooser a few steps early: Playwright turns Chromium's chooser
		// interception on asynchronously, and on a loaded machine a Space pressed right after asking
		// reached the input first (the input was activated; the chooser went unseen)
		const chooserShown = page.waitForEvent('filechooser');
		await page.keyboard.press('Tab');
		await expect(page.locator('#f-photos')).toBeFocused();
		await expectVisibleFocus(page, 'on the photo picker');
		await page.keyboard.press('Space');
		const chooser = await chooserShown;
		await chooser.setFiles(await jpeg());
		await expect.poll(() => page.locator('#f-photos').evaluate((i: HTMLInputElement) => i.files?.length ?? 0)).toBe(1);
		// past the GPS and map buttons to the list of places (no map needed)
		await tabTo(page, page.locator('#f-place'), { max: 6 });
		await expectVisibleFocus(page, 'on the place list');
		for (let i = 0; i < (name === 'en' ? 12 : 9); i++) await page.keyboard.press('ArrowDown');
		await expect(page.locator('#f-place')).not.toHaveValue('');
		await page.keyboard.press('Tab');
		await expect(page.locator('#f-description')).toBeFocused();
		await expectVisibleFocus(page, 'in the description');
		await page.keyboard.type(name === 'en' ? 'Overflowing bin by the bus stop' : '公交站旁的垃圾桶满了');
		// back to check the place with Shift+Tab, then on to the button
		await page.keyboard.press('Shift+Tab');
		await expect(page.locator('#f-place')).toBeFocused();
		await expectVisibleFocus(page, 'back on the place list');
		const submit = page.locator('main form[enctype] button[type=submit]');
		await tabTo(page, submit, { max: 6 });
		await expectVisibleFocus(page, 'on the submit button');
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/report\/track\/[2-9A-HJ-NP-Z]{8}\?new=1/);
		await expect(page.locator('.code')).toBeVisible();
	});

	test(`a survey from consent to completion with the keyboard only (${name})`, async ({ browser }) => {
		const ctx = await browser.newContext();
		const page = await ctx.newPage();
		await page.goto(at(prefix, `/surveys/${s.surveySlug}`));
		await tabTo(page, page.locator('input[name=consent]'));
		await expectVisibleFocus(page, 'on the consent box');
		await page.keyboard.press('Space');
		await expect(page.locator('input[name=consent]')).toBeChecked();
		await page.keyboard.press('Tab');
		await expectVisibleFocus(page, 'on the start button');
		await page.keyboard.press('Enter');
		await expect(page.locator('#survey-page')).toBeVisible();

		let arrowsTried = false;
		for (let pageNo = 0; pageNo < 8 && (await page.locator('#survey-page').count()); pageNo++) {
			const before = await page.locator('#survey-page').textContent();
			// Tab round the page, answering each question as focus reaches it, until the Next button
			let answered = 0;
			for (let i = 0; i < 250; i++) {
				await page.keyboard.press('Tab');
				const a = await active(page);
				if (!a) continue;
				if (a.inQuestion) await expectVisibleFocus(page, `on ${a.tag}[name=${a.name}]`);
				if (a.inQuestion && (a.type === 'radio' || a.type === 'checkbox') && !a.group) {
					if (a.type === 'radio' && !arrowsTried) {
						// arrow keys move the choice within a group
						await page.keyboard.press('ArrowDown');
						await page.keyboard.press('ArrowUp');
						arrowsTried = true;
						expect((await active(page))!.group, 'arrows choose within the group').toBe(true);
					} else await page.keyboard.press('Space');
					answered++;
				} else if (a.inQuestion && (a.tag === 'textarea' || a.type === 'text') && !a.value) {
					await page.keyboard.type(
						a.id && (await page.locator(`#${a.id}`).getAttribute('inputmode')) === 'decimal' ? '3' : 'ok'
					);
					answered++;
				} else if (a.tag === 'button' && a.name === 'dir' && a.value === 'next' && answered > 0) {
					await expectVisibleFocus(page, 'on the Next button');
					await page.keyboard.press('Enter');
					break;
				}
			}
			expect(answered, `page ${pageNo + 1} reached by the keyboard`).toBeGreaterThan(0);
			await expect
				.poll(() => page.evaluate(() => document.getElementById('survey-page')?.textContent ?? null), {
					message: 'the next page (or the end) comes'
				})
				.not.toBe(before);
			await expect(page.locator('.error-summary')).toHaveCount(0);
		}
		await expect(page.locator('.notice[role=status] h2')).toBeVisible();
		await ctx.close();
	});
}
