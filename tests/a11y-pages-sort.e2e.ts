import { test } from './kit';
import { LOCALES, at, sweep } from './a11y-shared';

// the locales' sweeps are independent: they may run on different workers at once
test.describe.configure({ mode: 'parallel' });

// axe (WCAG 2.1 AA, no serious/critical) on the residents' pages, both locales; split from the
// other a11y-pages-* files so each file stays under two minutes on a 2-core machine

for (const { name, prefix } of LOCALES) {
	test(`home and sorting pages pass axe (${name})`, async ({ page }) => {
		await sweep(
			page,
			[
				'/',
				'/sort',
				'/sort?q=%E7%94%B5%E6%B1%A0', // 电池: results
				'/sort?q=qqzzxx', // nothing found: closest items and the suggest form
				'/sort/category/kitchen',
				'/sort/item/aa-batteries',
				'/sort/item/bubble-tea-cup', // an item put out in parts (各部分分别投放)
				'/sort/quiz'
			].map((p) => at(prefix, p))
		);
	});
}
