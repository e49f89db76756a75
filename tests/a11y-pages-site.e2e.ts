import { test, expect, expectAccessible } from './kit';
import { LOCALES, at, seed, sweep, type Seed } from './a11y-shared';

// the locales' sweeps are independent: they may run on different workers at once
test.describe.configure({ mode: 'parallel' });

// axe on the survey, about, feedback, account-entry and error pages, both locales
let s: Seed;
test.beforeAll(async () => {
	s = await seed();
});

for (const { name, prefix } of LOCALES) {
	test(`site, survey and account pages pass axe (${name})`, async ({ page }) => {
		await sweep(page, [
			...[
				'/surveys',
				`/surveys/${s.surveySlug}`,
				'/about/privacy',
				'/about/privacy/request',
				'/about/accessibility',
				'/feedback',
				'/sitemap',
				'/login',
				'/login/forgot',
				'/register'
			].map((p) => at(prefix, p)),
			[at(prefix, '/no-such-page'), 404]
		]);
	});
}

// the sweeps' check itself: a page with known serious violations must fail it
test('the axe check fails a page with an unlabelled field and faint text', async ({ page }) => {
	await page.setContent(
		'<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>' +
			'<input type="text"><p style="color:#ccc;background:#fff">faint text</p></main></body></html>'
	);
	const error = await expectAccessible(page).then(
		() => '',
		(e: Error) => e.message
	);
	expect(error).toContain('label:');
	expect(error).toContain('color-contrast:');
});
