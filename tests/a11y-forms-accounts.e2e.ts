import { test, expect, ownAddress, origin, mailTo, type Page } from './kit';
import { expectAccessible, creditCode, totpNow } from './helpers';
import {
	LOCALES,
	at,
	seed,
	submitUnvalidated,
	expectErrorFocus,
	expectErrorsLinked,
	answerPage,
	type Seed
} from './a11y-shared';
import { linkIn } from './mailbox';

// The survey (consent, a refused start, a page with errors, completion) and the account forms
// (register, sign in, forgot password) in each state, both locales, through axe. Each run is a
// visitor with a client address of its own, so its refused and accepted forms count against no
// other journey's limits, and the password-reset limit refuses it at its production value.
let s: Seed;
test.beforeAll(async () => {
	s = await seed();
});

/** Every fieldset or field the server marked wrong points (aria-describedby) at its visible message. */
async function expectSurveyErrorsLinked(page: Page) {
	const bad = page.locator('form fieldset.invalid, form [aria-invalid="true"]');
	expect(await bad.count()).toBeGreaterThan(0);
	for (const el of await bad.all()) {
		const q = el.locator('xpath=ancestor-or-self::*[@aria-describedby][1]');
		const ids = ((await q.getAttribute('aria-describedby')) ?? '').split(/\s+/);
		const err = ids.find((id) => id.endsWith('-error'));
		expect(err, 'an invalid question is described by its error').toBeTruthy();
		await expect(page.locator(`[id="${err}"]`)).toBeVisible();
	}
}

for (const { name, prefix } of LOCALES) {
	test(`survey: consent, refused start, page errors, completion (${name})`, async ({ browser }) => {
		const ctx = await browser.newContext({ baseURL: origin(), extraHTTPHeaders: ownAddress() });
		const page = await ctx.newPage();
		await page.goto(at(prefix, `/surveys/${s.surveySlug}`));
		await expectAccessible(page);
		// starting without consent is refused and says why, on the checkbox
		const start = page.locator('form[action="?/start"]');
		await submitUnvalidated(start);
		await expect(page.locator('#start-error')).toBeVisible();
		await expect(page.locator('input[name=consent]')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.locator('input[name=consent]')).toHaveAttribute('aria-describedby', 'start-error');
		await expectAccessible(page);
		await page.locator('input[name=consent]').check();
		await start.locator('button[type=submit]').click();
		await expect(page.locator('#survey-page')).toBeVisible();
		await expectAccessible(page);
		// the first page sent empty: the summary takes focus and each question names its error
		await page.locator('button[name=dir][value=next]').click();
		await expect(page.locator('.error-summary li')).not.toHaveCount(0);
		await expectErrorFocus(page);
		await expectSurveyErrorsLinked(page);
		await expectAccessible(page);
		for (let i = 0; i < 8 && (await page.locator('#survey-page').count()); i++) {
			await answerPage(page);
			const before = await page.locator('#survey-page').textContent();
			await page.locator('button[name=dir][value=next]').click();
			await expect
				.poll(() => page.evaluate(() => document.getElementById('survey-page')?.textContent ?? null), {
					message: 'the next page (or the end) comes'
				})
				.not.toBe(before);
		}
		await expect(page.locator('.notice[role=status] h2')).toBeVisible();
		await expectAccessible(page);
		await ctx.close();
	});

	test(`register, sign in and forgot password: empty, rejected, accepted (${name})`, async ({ browser }) => {
		const ctx = await browser.newContext({ baseURL: origin(), extraHTTPHeaders: ownAddress() });
		const page = await ctx.newPage();
		const go = (p: string) => page.goto(at(prefix, p));
		const form = page.locator('main form[method=POST]').last();
		const email = `a11y-${name}-${Date.now()}@example.com`;
		const password = 'a long and private passphrase';

		await go('/register');
		await expectAccessible(page);
		await form.locator('button[type=submit]').click();
		await expect(page.locator('.error-summary li')).not.toHaveCount(0);
		await expectErrorFocus(page);
		await expectErrorsLinked(page);
		await expectAccessible(page);
		await page.locator('#f-orgName').fill(name === 'en' ? 'Gulou Primary School' : '鼓楼小学');
		await page.locator('#f-orgType').selectOption('school');
		await page.locator('#f-town').selectOption('gulou');
		await page.locator('#f-creditCode').fill(creditCode((Date.now() + (name === 'en' ? 7 : 3)) % 1e9));
		await page.locator('#f-contactName').fill('王老师');
		await page.locator('#f-contactPhone').fill('010-69012345');
		await page.locator('#f-email').fill(email);
		await page.locator('#f-password').fill(password);
		await form.locator('button[type=submit]').click();
		// "check your email", then the emailed link's page (issue 16)
		await expect(page.locator('main .notice[role=status]')).toBeVisible();
		await expectAccessible(page);
		const mail = await mailTo(email);
		await page.goto(linkIn(mail.text, `${origin()}/`));
		await expectAccessible(page);
		await page.locator('main form[method=POST] button[type=submit]').click();
		// an authenticator first (issue 16, ASVS 6.3.2): the guidance, a refused code, the recovery codes
		await expect(page).toHaveURL(/\/login\/2fa\/setup\?next=/);
		await expectAccessible(page);
		const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
		await page.locator('#f-code').fill('000000');
		await form.locator('button[type=submit]').click();
		await expect(page.locator('#f-code-error')).toBeVisible();
		await expectAccessible(page);
		await page.locator('#f-code').fill(await totpNow(secret, { origin: origin() }));
		await form.locator('button[type=submit]').click();
		await expect(page.getByTestId('recovery-codes')).toBeVisible();
		await expectAccessible(page);
		await page.locator('main a[href*="/cells/apply"]').click();
		// registration continues to what people came for: the application, with a welcome (issue 19)
		await expect(page).toHaveURL(/\/cells\/apply\?welcome=1/);
		await expectAccessible(page);
		await page.locator('form[action$="/logout"] button:visible').click();

		await go('/login');
		await expectAccessible(page);
		await page.locator('#f-email').fill(email);
		await page.locator('#f-password').fill('not the password at all');
		await form.locator('button[type=submit]').click();
		await expect(page.getByRole('alert')).toBeVisible();
		await expect(page.locator('#f-email')).toHaveValue(email);
		await expectAccessible(page);
		await page.locator('#f-password').fill(password);
		await form.locator('button[type=submit]').click();
		// the code step (the enrolment's step is used up: the next one, within the accepted drift)
		await expect(page).toHaveURL(/\/login\/2fa\?next=/);
		await expectAccessible(page);
		await page.locator('#f-code').fill(await totpNow(secret, { ahead: 1, origin: origin() }));
		await form.locator('button[type=submit]').click();
		await expect(page).toHaveURL(/\/account/);
		await page.locator('form[action$="/logout"] button:visible').click();

		// forgot password: accepted (the same answer for any address), then refused once this
		// address has asked 10 times in the hour (other addresses each time: the per-account limit
		// is lower)
		await go('/login/forgot');
		await expectAccessible(page);
		await page.locator('#f-email').fill(email);
		await form.locator('button[type=submit]').click();
		await expect(page.getByRole('status')).toBeVisible();
		await expectAccessible(page);
		for (let i = 0; i < 9; i++)
			await page.request.post(at(prefix, '/login/forgot'), {
				form: { email: `nobody-${name}-${i}@example.com` },
				headers: { origin: origin() },
				maxRedirects: 0
			});
		await go('/login/forgot');
		await page.locator('#f-email').fill(email);
		await form.locator('button[type=submit]').click();
		await expect(page.getByRole('alert')).toBeVisible();
		await expectAccessible(page);
		await ctx.close();
	});
}
