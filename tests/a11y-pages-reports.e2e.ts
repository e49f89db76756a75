import Database from 'better-sqlite3';
import { test, expect, signInAs, dbPath } from './kit';
import { LOCALES, at, fileReport, jpeg, privateKeys, sweep } from './a11y-shared';
import { expectAccessible } from './helpers';

// the locales' sweeps are independent: they may run on different workers at once
test.describe.configure({ mode: 'parallel' });

// axe (WCAG 2.1 AA, no serious/critical) on the residents' pages, both locales; split from the
// other a11y-pages-* files so each file stays under two minutes on a 2-core machine
let code = '';
test.beforeAll(async ({ browser }) => {
	code = await fileReport(browser, 'town:gaoling', 'litter');
});

/** A confirmed follow of `code`, written as the emailed link would find it; returns its token. */
function follow(code: string): string {
	const token = `a11y${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`.padEnd(22, 'x').slice(0, 22);
	const db = new Database(dbPath());
	db.pragma('busy_timeout = 5000');
	db.prepare('insert into report_follows (report_code, email, token, locale, created_at) values (?, ?, ?, ?, ?)').run(
		code,
		`a11y-${token}@example.com`,
		token,
		'zh-CN',
		Date.now()
	);
	db.close();
	return token;
}

for (const { name, prefix } of LOCALES) {
	test(`points and report pages pass axe (${name})`, async ({ page }) => {
		const token = follow(code);
		await sweep(
			page,
			[
				'/points',
				'/points/beizhuang-pesticide-01',
				'/report',
				'/report/track',
				`/report/track/${code}`,
				`/report/mine/${privateKeys.get(code)}`,
				// following by email: the confirmation page, then the one-click stop page
				`/report/follow/${token}`,
				`/report/follow/${token}/stop`,
				'/reports',
				// filters applied: some results, and none
				'/reports?category=litter&town=gaoling',
				'/reports?town=gaoling&status=closed&category=overflow',
				'/reports/stats'
			].map((p) => at(prefix, p))
		);
	});

	test.describe(`offline (${name})`, () => {
		// the service worker keeps the form (blocked elsewhere: playwright.config.ts)
		test.use({ serviceWorkers: 'allow' });
		test(`the report form's offline panel passes axe (${name})`, async ({ page }) => {
			await page.goto(at(prefix, '/report'));
			await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
			await page.reload(); // now under the service worker, which keeps this page
			await expect(page.locator('html')).toHaveClass(/js/);
			await page.context().setOffline(true);
			await page.reload();
			await page.locator('#f-category').selectOption('litter');
			await page.locator('#f-place').selectOption({ index: 1 });
			await page.locator('#f-photos').setInputFiles(await jpeg());
			await page.locator('#f-description').fill('无障碍检查：离线时保存的报告');
			await page.locator('main form[enctype] button[type=submit]').click();
			await expect(page.locator('.outbox li').first()).toHaveAttribute('data-state', 'waiting');
			await expectAccessible(page);
		});
	});

	// (the outbox and every other admin page: tests/a11y-staff.e2e.ts)
	test(`message preferences pass axe (${name})`, async ({ page }) => {
		await signInAs(page, 'admin', undefined, prefix);
		await sweep(page, [at(prefix, '/account/messages')]);
	});
}
