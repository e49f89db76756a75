/**
 * Issue 18, survey flags: a flagged response stays in the figures until staff exclude it with a
 * reason (without JavaScript, Post/Redirect/Get), the counts show on the results page and the
 * public indicator page, and including it again brings it back.
 */
import { test, expect, signInAs, dbPath, inDb, workerServer } from './kit';

test('staff exclude a flagged survey response with a reason and count it again, without JavaScript', async ({
	browser
}) => {
	const seed = await (await inDb()).reviewSurvey(dbPath());
	const ctx = await browser.newContext({ locale: 'en', javaScriptEnabled: false });
	const page = await ctx.newPage();
	await signInAs(page, 'admin', undefined, '/en');
	const results = `/en/admin/surveys/${seed.id}/results`;
	await page.goto(results);
	await expect(page.getByTestId('review-summary')).toHaveText(
		'10 completed responses: 1 flagged for review, 0 left out (0 failed the attention check, 0 excluded by staff).'
	);
	await expect(
		page.getByText("“Fast”: under 3 min 20 s, a third of this survey's median completion time (10 min 0 s).")
	).toBeVisible();
	const row = page.locator(`tr[data-response="${seed.flagged}"]`);
	await expect(row).toContainText('Identical answers across every matrix, and fast');
	await expect(row).toContainText('Counted');
	const publicPage = `/en/indicators/perception?survey=${seed.slug}`;
	const pub = await ctx.newPage();
	await pub.goto(publicPage);
	await expect(pub.getByTestId('unweighted-56')).toHaveText('90.0% (9 of 10)');
	await expect(pub.getByTestId('perception-flagged')).toContainText('1 responses are flagged for review');

	// excluding needs a reason (the server says so even when the browser's check is bypassed)
	await row.getByLabel('Reason for excluding').evaluate((el) => el.removeAttribute('required'));
	await row.getByRole('button', { name: 'Exclude from the figures' }).click();
	await expect(page.getByRole('alert')).toHaveText('Give a reason for excluding this response.');
	await page
		.locator(`tr[data-response="${seed.flagged}"]`)
		.getByLabel('Reason for excluding')
		.fill('Finished in 2 minutes');
	await page
		.locator(`tr[data-response="${seed.flagged}"]`)
		.getByRole('button', { name: 'Exclude from the figures' })
		.click();
	await expect(page).toHaveURL(new RegExp(`/admin/surveys/${seed.id}/results\\?done=excluded$`));
	await expect(page.getByRole('status').filter({ hasText: 'excluded from the figures' })).toBeVisible();
	await expect(page.locator(`tr[data-response="${seed.flagged}"]`)).toContainText('Excluded: Finished in 2 minutes');
	await expect(page.getByTestId('review-summary')).toContainText(
		'1 left out (0 failed the attention check, 1 excluded by staff)'
	);
	await pub.goto(publicPage);
	await expect(pub.getByTestId('unweighted-56')).toHaveText('100.0% (9 of 9)');
	await expect(pub.getByTestId('perception-excluded')).toContainText('1 were excluded by staff with a reason');

	// and back
	await page.locator(`tr[data-response="${seed.flagged}"]`).getByRole('button', { name: 'Count it again' }).click();
	await expect(page).toHaveURL(/\?done=included$/);
	await expect(page.locator(`tr[data-response="${seed.flagged}"]`)).toContainText('Counted');
	await pub.goto(publicPage);
	await expect(pub.getByTestId('unweighted-56')).toHaveText('90.0% (9 of 10)');

	// a visitor without the permission cannot post the action
	const anon = await browser.newContext();
	const res = await anon.request.post(`${workerServer().origin}${results}?/review`, {
		form: { response: seed.flagged, action: 'exclude', reason: 'x' },
		headers: { origin: workerServer().origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(res.status()).toBe(303);
	expect(res.headers().location).toMatch(/\/login\?next=/);
	await page.reload();
	await expect(page.locator(`tr[data-response="${seed.flagged}"]`)).toContainText('Counted');
	await anon.close();
	await ctx.close();
});
