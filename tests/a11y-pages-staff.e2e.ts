import { test } from './kit';
import { signInAs } from './kit';
import { LOCALES, at, sweep } from './a11y-shared';

// the locales' sweeps are independent: they may run on different workers at once
test.describe.configure({ mode: 'parallel' });

// axe on staff pages in their states, both locales: the security events list (all, filtered,
// a filter that cannot be read)
for (const { name, prefix } of LOCALES) {
	test(`staff pages pass axe (${name})`, async ({ page }) => {
		await signInAs(page, 'admin', undefined, prefix);
		await sweep(page, [
			at(prefix, '/admin/security'),
			at(prefix, '/admin/security?event=login.ok'),
			at(prefix, '/admin/security?event=login.failed&ip=192.0.2.1&from=2026-01-01&to=2026-12-31'),
			at(prefix, '/admin/security?from=not-a-day&event=nonsense')
		]);
	});
}
