import { test } from './kit';
import { LOCALES, at, seed, sweep, type Seed } from './a11y-shared';

// the locales' sweeps are independent: they may run on different workers at once
test.describe.configure({ mode: 'parallel' });

// axe on the plan, indicator, notice and 无废细胞 pages, both locales, with a published notice,
// a cell in 公示 and a certified one (seeded through the services)
let s: Seed;
test.beforeAll(async () => {
	s = await seed();
});

for (const { name, prefix } of LOCALES) {
	test(`plan, indicator, notice and cell pages pass axe (${name})`, async ({ page }) => {
		await sweep(
			page,
			[
				'/plan',
				'/plan/tasks',
				'/indicators',
				'/indicators/30',
				'/indicators/perception',
				'/notices',
				`/notices/${s.noticeId}`,
				'/cells',
				'/cells/notices',
				`/cells/verify/${s.verifyToken}`
			].map((p) => at(prefix, p))
		);
	});
}
