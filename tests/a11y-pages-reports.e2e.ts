import { test } from './kit';
import { LOCALES, at, fileReport, sweep } from './a11y-shared';

// the locales' sweeps are independent: they may run on different workers at once
test.describe.configure({ mode: 'parallel' });

// axe (WCAG 2.1 AA, no serious/critical) on the residents' pages, both locales; split from the
// other a11y-pages-* files so each file stays under two minutes on a 2-core machine
let code = '';
test.beforeAll(async ({ browser }) => {
	code = await fileReport(browser, 'town:gaoling', 'litter');
});

for (const { name, prefix } of LOCALES) {
	test(`points and report pages pass axe (${name})`, async ({ page }) => {
		await sweep(
			page,
			[
				'/points',
				'/points/beizhuang-pesticide-01',
				'/report',
				'/report/track',
				`/report/track/${code}`,
				'/reports',
				'/reports/stats'
			].map((p) => at(prefix, p))
		);
	});
}
