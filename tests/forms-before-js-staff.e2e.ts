import { test, expect, type Page, dbPath, signInAs } from './kit';
import Database from 'better-sqlite3';

/*
 * Staff forms built from the shared Fieldset / Textarea / Select keep what was chosen and typed
 * while the page was plain HTML (its JavaScript held back), once the JavaScript has loaded.
 */

test.use({ serviceWorkers: 'block' });

const APP = /\/_app\/immutable\/.*\.js$/;

/** Opens `url` with its scripts held back; the returned function lets them load and waits for hydration. */
async function openBeforeJs(page: Page, url: string): Promise<() => Promise<void>> {
	let release!: () => void;
	const gate = new Promise<void>((r) => (release = r));
	await page.route(APP, async (route) => {
		await gate;
		await route.continue();
	});
	await page.goto(url, { waitUntil: 'domcontentloaded' });
	await expect(page.locator('html')).not.toHaveClass(/\bjs\b/);
	return async () => {
		release();
		await expect(page.locator('html')).toHaveClass(/\bjs\b/);
		// the first update after mount has run by the next frame
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
		await page.unroute(APP);
	};
}

test('a task update chosen and typed before the JavaScript loads arrives; message settings keep an early click', async ({
	page
}) => {
	await signInAs(page, 'admin');
	const note = `表单测试进展 ${Date.now()}`;
	let go = await openBeforeJs(page, '/admin/plan/tasks/5');
	await page.locator('input[name=status][value=done]').check();
	await page.getByLabel('公开进展说明').fill(note);
	await go();
	await expect(page.locator('input[name=status][value=done]')).toBeChecked();
	await expect(page.getByLabel('公开进展说明')).toHaveValue(note);
	await page.getByRole('button', { name: '发布状态' }).click();
	await expect
		.poll(() => {
			const d = new Database(dbPath());
			try {
				return d.prepare('select no, status from task_updates where note = ?').get(note);
			} finally {
				d.close();
			}
		})
		.toEqual({ no: 5, status: 'done' });

	// a checkbox ticked in the server's HTML, cleared before hydration, stays cleared (not saved: the
	// admin's settings are shared by the worker's other tests)
	go = await openBeforeJs(page, '/account/messages');
	const first = page.locator('form input[type=checkbox]').first();
	const was = await first.isChecked();
	await first.setChecked(!was);
	await page.locator('#f-locale').selectOption('en');
	await go();
	await expect(first).toBeChecked({ checked: !was });
	await expect(page.locator('#f-locale')).toHaveValue('en');
});

test('text selected in a prefilled field before the JavaScript loads is typed over, not appended to', async ({
	page
}) => {
	await signInAs(page, 'admin');
	// the security log's filter form, prefilled from its address
	const go = await openBeforeJs(page, '/admin/security?user=old-filter');
	const field = page.locator('main input[name=user]');
	await expect(field).toHaveValue('old-filter');
	await field.selectText();
	await go();
	await page.keyboard.type('new-filter');
	await expect(field).toHaveValue('new-filter');
});
