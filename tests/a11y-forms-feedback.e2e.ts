import { test, expect } from './kit';
import { expectAccessible } from './helpers';
import { LOCALES, at, submitUnvalidated, expectErrorFocus, expectErrorsLinked } from './a11y-shared';

// Split from a11y-forms-public.e2e.ts (each file under two minutes). Every public form of the residents' side in each state — empty, rejected (the server's messages),
// accepted — in both locales, through axe; rejected fields must name their message. Each test is a
// visitor of its own (tests/kit.ts), so its refused and accepted submissions count against no other
// journey's limits.

for (const { name, prefix } of LOCALES) {
	test(`feedback and the sorting suggestion: empty, rejected, accepted (${name})`, async ({ page }) => {
		const go = (p: string) => page.goto(at(prefix, p));
		const form = page.locator('main form[method=POST]').last();
		await go('/feedback');
		await expectAccessible(page);
		await submitUnvalidated(form);
		await expect(page.locator('#f-details')).toHaveAttribute('aria-invalid', 'true');
		await expectErrorFocus(page);
		await expectErrorsLinked(page);
		await expectAccessible(page);
		await page.locator('#f-kind').selectOption('accessibility');
		await page.locator('#f-details').fill(name === 'en' ? 'The map has no text alternative.' : '地图没有文字替代。');
		await form.locator('button[type=submit]').click();
		await expect(page.getByRole('status')).toBeVisible();
		await expectAccessible(page);

		// nothing found for a search: the suggestion form
		await go('/sort?q=qqzzxx');
		await expect(page.locator('#f-name')).toHaveValue('qqzzxx');
		await expectAccessible(page);
		await page.locator('#f-name').fill('');
		await submitUnvalidated(form);
		await expect(page.locator('#f-name')).toHaveAttribute('aria-invalid', 'true');
		await expectErrorsLinked(page);
		await expectAccessible(page);
		await page.locator('#f-name').fill(name === 'en' ? 'Bamboo toothbrush' : '竹牙刷');
		await form.locator('button[type=submit]').click();
		await expect(page.getByRole('status').filter({ hasText: /./ }).last()).toBeVisible();
		await expect(page.locator('#f-name')).toHaveCount(0);
		await expectAccessible(page);
	});
}
