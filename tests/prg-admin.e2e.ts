/**
 * Issue 19, staff: every admin page answers a successful action with a redirect to itself
 * (Post/Redirect/Get), so the address never stays at `?/action` and reloading does not post again;
 * a failure still shows the form with what was typed and a localised message. Run without
 * JavaScript, where the browser itself follows the form post (with JavaScript, `use:enhance`
 * keeps the address anyway). One signed-in admin, one action per page.
 */
import { test, expect, signInAs, origin, type Page, type Locator } from './kit';
import { jpeg } from './system';

test.use({ javaScriptEnabled: false });

/** Submits `button`, then checks the page came back by GET to `done` and a reload posts nothing. */
async function posts(page: Page, button: Locator, done: string | RegExp) {
	await button.click();
	await expect
		.poll(() => new URL(page.url()).searchParams.get('done') ?? '')
		.toMatch(typeof done === 'string' ? new RegExp(`^${done}$`) : done);
	expect(page.url()).not.toContain('?/');
	// the address changes when the redirected page commits; reload only once it has loaded, or the
	// reload can meet the frame the form post is still replacing ("not attached to an active page")
	await page.waitForLoadState('load');
	const sent: string[] = [];
	const watch = (r: { method(): string; url(): string }) => void (r.method() !== 'GET' && sent.push(r.url()));
	page.on('request', watch);
	await page.reload();
	page.off('request', watch);
	expect(sent, 'a reload posts nothing').toEqual([]);
}

/** A form post as a visitor's browser sends it (the public forms that give the admin something to act on). */
async function visitorPost(page: Page, path: string, form: Record<string, string>) {
	const r = await page.request.post(path, {
		form,
		headers: { origin: origin(), accept: 'text/html' },
		maxRedirects: 0
	});
	expect(r.status(), `${path} answered ${r.status()}`).toBeLessThan(400);
	return r;
}

test('every admin action redirects after success; failures keep what was typed', async ({ page }) => {
	test.setTimeout(90000);
	const stamp = Date.now().toString(36);
	// things for the admin to act on, left by visitors
	await visitorPost(page, '/feedback', { pageUrl: '/points', kind: 'wrong', details: `PRG journey ${stamp}` });
	await visitorPost(page, `/sort?/suggest&q=prg${stamp}`, { name: `PRG物品${stamp}`, description: '' });
	const fd = new FormData();
	for (const [k, v] of Object.entries({
		category: 'other',
		description: `PRG journey report ${stamp}`,
		place: 'town:gubeikou',
		contact: '13912345678',
		confirmNew: '1'
	}))
		fd.set(k, v);
	fd.append('photos', new Blob([new Uint8Array(await jpeg())], { type: 'image/jpeg' }), 'p.jpg');
	const filed = await fetch(`${origin()}/report`, {
		method: 'POST',
		body: fd,
		headers: { origin: origin(), accept: 'text/html' },
		redirect: 'manual'
	});
	const code = /\/report\/track\/([2-9A-HJ-NP-Z]{8})/.exec(filed.headers.get('location') ?? '')![1];

	const rights = await visitorPost(page, '/about/privacy/request', {
		kind: 'access',
		trackingCode: code,
		details: `PRG journey ${stamp}`,
		contact: ''
	});
	const ref = /\/about\/privacy\/request\?ref=([^"&]+)/.exec(await rights.text())?.[1];
	expect(ref, 'the request is given a reference').toBeTruthy();

	await signInAs(page, 'admin');

	// outbox: a bad cap keeps what was typed with a message; a good one redirects
	await page.goto('/admin/outbox');
	const cap = page.locator('input[name=cap]');
	const before = await cap.inputValue();
	await cap.fill('lots');
	await page.locator('form[action="?/cap"] button').click();
	await expect(page.locator('#cap-err')).toHaveText(/\S/);
	await expect(cap).toHaveValue('lots');
	await cap.fill(before);
	await posts(page, page.locator('form[action="?/cap"] button'), 'cap');
	await expect(page.getByRole('status').filter({ hasText: /\S/ }).first()).toBeVisible();

	// routing: add a rule, then remove it
	await page.goto('/admin/routing');
	const add = page.locator('form[action="?/add"]');
	// a category × zone pair that has no rule yet
	const rows = (await page.locator('tbody tr').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
	const cats = (await add.locator('select[name=category] option').allTextContents()).map((t) => t.trim());
	const zones = (await add.locator('select[name=zoneKind] option').allTextContents()).map((t) => t.trim());
	let pick: [number, number] | null = null;
	for (let c = 1; c < cats.length && !pick; c++)
		for (let z = 0; z < zones.length && !pick; z++)
			if (!rows.some((r) => r.includes(cats[c]) && r.includes(zones[z]))) pick = [c, z];
	expect(pick, 'a free category × zone pair').not.toBeNull();
	await add.locator('select[name=category]').selectOption({ index: pick![0] });
	const catName = cats[pick![0]];
	await add.locator('select[name=zoneKind]').selectOption({ index: pick![1] });
	await add.locator('select[name=department]').selectOption('town');
	await posts(page, add.locator('button[type=submit]'), 'saved');
	await posts(page, page.getByRole('button', { name: new RegExp(`: ${catName} ×`) }).first(), 'saved');

	// calendar: a staff-made day far ahead, then removed
	await page.goto('/admin/calendar?year=2098');
	const day = page.locator('form[action*="?/save"]');
	await day.locator('input[name=day]').fill('2098-03-03');
	await day.locator('select[name=kind]').selectOption({ index: 0 });
	await day.locator('input[name=nameZh]').fill('测试日');
	await day.locator('input[name=nameEn]').fill('Test day');
	await posts(page, day.locator('button[type=submit]'), 'saved');
	await expect(page).toHaveURL(/year=2098/);
	await posts(page, page.locator('form[action*="?/remove"]', { hasText: '' }).locator('button').first(), 'saved');

	// notices: a draft is created (its page says so once), then saved
	await page.goto('/admin/notices');
	const nf = page.locator('form[method=POST]').filter({ has: page.locator('input[name=titleZh]') });
	await nf.locator('input[name=titleZh]').fill(`PRG 测试通知 ${stamp}`);
	await nf.locator('input[name=titleEn]').fill(`PRG test notice ${stamp}`);
	await nf.locator('textarea[name=bodyZh]').fill('正文');
	await nf.locator('textarea[name=bodyEn]').fill('Body');
	await posts(page, nf.locator('button[type=submit]'), 'created');
	await posts(page, page.locator('form[action="?/save"] button[type=submit]'), 'saved');
	await expect(page.locator('[role=status] .notice')).toHaveCount(1);

	// population table
	await page.goto('/admin/surveys/population');
	await posts(page, page.locator('main form[method=POST] button[type=submit]'), /^saved:\d+$/);

	// criteria: a draft version, saved as it is; broken JSON keeps what was typed
	await page.goto('/admin/cells/criteria');
	await page.locator('form[action="?/draft"] button').first().click();
	await expect(page).toHaveURL(/\/admin\/cells\/criteria\/\d+$/);
	await posts(page, page.locator('form[action="?/save"] button[type=submit]').first(), 'saved');
	await page.locator('textarea[name=definition]').fill('{ "broken": ');
	await page.locator('form[action="?/save"] button[type=submit]').first().click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(page.locator('textarea[name=definition]')).toHaveValue('{ "broken": ');

	// points: hide one, show it again
	await page.goto('/admin/points');
	const vis = page.locator('form[action="?/visibility"]').first();
	const pointId = await vis.locator('input[name=id]').inputValue();
	await posts(page, vis.locator('button'), 'visibility');
	await posts(
		page,
		page.locator(`form[action="?/visibility"]:has(input[name=id][value="${pointId}"]) button`),
		'visibility'
	);

	// users: a new account is named once; the same address again keeps what was typed, with a message
	await page.goto('/admin/users');
	const uf = page.locator('form[action="?/create"]');
	const email = `prg-${stamp}@example.gov.cn`;
	const create = async (name: string) => {
		await uf.locator('input[name=email]').fill(email);
		await uf.locator('input[name=displayName]').fill(name);
		await uf.locator('select[name=department]').selectOption({ index: 1 });
		await uf.locator('input[name=password]').fill('a long enough password 1');
		await uf.locator('button[type=submit]').click();
	};
	await create('PRG 测试');
	await expect(page).toHaveURL(/done=created/);
	await expect(page.getByRole('status').filter({ hasText: email })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('status').filter({ hasText: email })).toHaveCount(0);
	await create('PRG 重复');
	await expect(uf.locator('input[name=email]')).toHaveAttribute('aria-invalid', 'true');
	await expect(uf.locator('input[name=email]')).toHaveValue(email);
	await expect(uf.locator('input[name=displayName]')).toHaveValue('PRG 重复');
	await posts(page, page.locator('li', { hasText: email }).locator('form[action="?/disable"] button'), 'changed');

	// API keys: the key is shown once, right after the redirect
	await page.goto('/admin/api-keys');
	await page.locator('input[name=name]').fill(`PRG ${stamp}`);
	await page.locator('form[action="?/issue"] button').click();
	await expect(page).toHaveURL(/done=issued/);
	await expect(page.getByTestId('api-key')).toHaveText(/^\S{20,}$/);
	await page.reload();
	await expect(page.getByTestId('api-key')).toHaveCount(0);
	await posts(page, page.getByRole('button', { name: new RegExp(`PRG ${stamp}$`) }), 'revoked');

	// feedback, a sorting suggestion, a personal-data request
	await page.goto('/admin/feedback');
	await posts(page, page.locator('li', { hasText: `PRG journey ${stamp}` }).locator('form button'), 'done');
	await page.goto('/admin/sorting');
	await posts(
		page,
		page.locator('section', { hasText: `PRG物品${stamp}` }).locator('form[action="?/reject"] button'),
		'rejected'
	);
	await page.goto('/admin/rights');
	await page.getByRole('link', { name: ref!, exact: true }).click();
	await page.locator('textarea[name=how]').fill('电话核实');
	await posts(page, page.locator('form[action="?/verify"] button'), 'verified');

	// a report: the full contact is shown once after the redirect, masked again on reload
	await page.goto(`/admin/reports/${code}`);
	await page.locator('form[action="?/reveal"] button').click();
	await expect(page).toHaveURL(/done=revealed/);
	await expect(page.getByTestId('contact-full')).toHaveText('13912345678');
	await page.reload();
	await expect(page.getByTestId('contact-full')).toHaveCount(0);
});
