/** Shared by the a11y-*.e2e.ts files: seeded data, a report filed through the form, focus checks. */
import { expect, type Page, type Locator, type Browser } from './kit';
import sharp from 'sharp';
import { expectAccessible } from './helpers';

export const LOCALES = [
	{ name: 'zh-CN', prefix: '' },
	{ name: 'en', prefix: '/en' }
] as const;

/** A path under a locale prefix ('/' + '/en' is '/en'). */
export const at = (prefix: string, p: string) => (prefix && p === '/' ? prefix : prefix + p);

export interface Seed {
	noticeId: number;
	surveySlug: string;
	verifyToken: string;
	certId: number;
	certEmail: string;
}

/**
 * A published notice, an open survey, a 公示 and a certified cell: made once per run in the
 * template database (tests/a11y-seed.ts, through the real services, in tests/global-setup.ts), so
 * every worker's server and private server starts with them.
 */
export async function seed(): Promise<Seed> {
	const s = process.env.MIYUN_E2E_SEED;
	if (!s) throw new Error('no accessibility seed: run through playwright.config.ts (globalSetup)');
	return JSON.parse(s) as Seed;
}

export async function jpeg(name = 'photo.jpg', colour = '#6a5') {
	return {
		name,
		mimeType: 'image/jpeg',
		buffer: await sharp({ create: { width: 400, height: 300, channels: 3, background: colour } })
			.jpeg()
			.toBuffer()
	};
}

/** Files a report through the public form (place from the list, no map) and returns its tracking code. */
export async function fileReport(browser: Browser, place: string, category: string): Promise<string> {
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	await page.goto(`/report?place=${place}&category=${category}`);
	await page.locator('#f-description').fill(`无障碍检查用报告 ${place}`);
	await page.locator('#f-photos').setInputFiles(await jpeg());
	await page.locator('form[enctype] button[type=submit]').click();
	// an open report of the same kind nearby (a server reused across runs): send it all the same
	const again = page.locator('input[name=confirmNew]');
	await expect(page.locator('input[name=confirmNew]').or(page.locator('.code'))).toBeVisible();
	if (await again.count()) {
		await again.check();
		await page.locator('#f-photos').setInputFiles(await jpeg());
		await page.locator('form[enctype] button[type=submit]').click();
	}
	await expect(page).toHaveURL(/\/report\/track\/[2-9A-HJ-NP-Z]{8}/);
	const code = page.url().match(/track\/([2-9A-HJ-NP-Z]{8})/)![1];
	// the reporter's private page (/report/mine/<key>), shown once on this confirmation page
	const link = await page.getByTestId('private-link').inputValue();
	privateKeys.set(code, /\/report\/mine\/([A-Za-z0-9_-]{32})$/.exec(link)![1]);
	await ctx.close();
	return code;
}

/** Each report `fileReport` filed: its code → the reporter's private key. */
export const privateKeys = new Map<string, string>();

/** Visits each path and runs axe; every page must answer `status` (200 unless given). */
export async function sweep(page: Page, paths: (string | [string, number])[]) {
	for (const entry of paths) {
		const [p, status] = typeof entry === 'string' ? [entry, 200] : entry;
		const res = await page.goto(p);
		expect(res?.status(), p).toBe(status);
		await axeAt(page, p);
	}
}

/** The page as it is now has its heading and passes axe; a failure names `what` (a path or a state). */
export async function axeAt(page: Page, what: string) {
	// read in the page: a locator would load Playwright's selector engine (340 KB, sent down the
	// protocol and compiled) into every page swept
	await expect
		.poll(
			() =>
				page.evaluate(() => {
					const h1 = document.querySelector('h1');
					return !!h1 && h1.checkVisibility() && h1.getBoundingClientRect().height > 0;
				}),
			{ message: `${what}: a visible <h1>` }
		)
		.toBe(true);
	await expectAccessible(page).catch((e: Error) => {
		throw new Error(`${what}: ${e.message}`);
	});
}

/** The focused element shows a visible focus indicator: an outline or a box-shadow, not 'none'. */
export async function expectVisibleFocus(page: Page, what = '') {
	const f = await page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body) return null;
		const cs = getComputedStyle(el);
		return {
			tag:
				el.tagName.toLowerCase() +
				(el.id ? '#' + el.id : '') +
				(el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''),
			outline:
				cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0
					? `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`
					: 'none',
			shadow: cs.boxShadow
		};
	});
	expect(f, `something has focus ${what}`).not.toBeNull();
	expect(
		f!.outline !== 'none' || f!.shadow !== 'none',
		`${f!.tag} shows focus ${what}: outline ${f!.outline}, box-shadow ${f!.shadow}`
	).toBe(true);
}

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, opts: { back?: boolean; max?: number } = {}) {
	for (let i = 0; i < (opts.max ?? 60); i++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
	}
	throw new Error(`could not Tab to ${target}`);
}

/** Each invalid field names its error: aria-invalid="true" and aria-describedby pointing at a visible message. */
export async function expectErrorsLinked(page: Page, scope: Locator = page.locator('main')) {
	const invalid = scope.locator('[aria-invalid="true"]');
	const n = await invalid.count();
	expect(n, 'some field is marked invalid').toBeGreaterThan(0);
	for (let i = 0; i < n; i++) {
		const el = invalid.nth(i);
		const ids = ((await el.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
		const id = (await el.getAttribute('id')) ?? (await el.getAttribute('name'));
		const texts: string[] = [];
		for (const d of ids) {
			const t = page.locator(`[id="${d}"]`);
			if (
				(await t.count()) &&
				(await t.isVisible()) &&
				(await t.evaluate((x) => x.matches('.field-error, .error-summary, .error-summary *')))
			)
				texts.push((await t.textContent())!.trim());
		}
		expect(texts.join(' '), `invalid field ${id} is described by its error message`).not.toBe('');
	}
}

/** Submits a form as a browser that skips HTML validation would, so the server's own messages show. */
export async function submitUnvalidated(form: Locator) {
	await form.evaluate((f) => ((f as HTMLFormElement).noValidate = true));
	await form.locator('button[type=submit]').first().click();
}

/** The error summary (or first invalid field) has focus, as the ErrorSummary component promises. */
export async function expectErrorFocus(page: Page) {
	await expect
		.poll(
			() =>
				page.evaluate(
					() =>
						!!document.activeElement?.closest('.error-summary') ||
						document.activeElement?.getAttribute('aria-invalid') === 'true'
				),
			{ message: 'focus moves to the error summary or the first invalid field' }
		)
		.toBe(true);
}

/** Answers every question on the current survey page with its first choice (or a short text). */
export async function answerPage(page: Page) {
	// questions that do not apply yet (skip logic) are hidden and left alone
	for (const fs of await page.locator('form .question:visible').all()) {
		const rows = fs.locator('fieldset.row');
		if (await rows.count()) for (const r of await rows.all()) await r.locator('input[type=radio]').first().check();
		else if (await fs.locator('input[type=radio], input[type=checkbox]').count())
			await fs.locator('input[type=radio], input[type=checkbox]').first().check();
		else if (await fs.locator('input[inputmode=decimal]').count()) await fs.locator('input').fill('3');
		else await fs.locator('input, textarea').first().fill('ok');
	}
}
