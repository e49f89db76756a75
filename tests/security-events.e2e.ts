// /admin/security: admin only (staff get 403, and that refusal is itself an access.denied event), a
// failed sign-in shows up there, the GET filters work without JavaScript, and a 360 px phone
// does not scroll sideways. The refusals of the hooks are events too: a cross-site post.
import { test, expect } from './kit';
import { signInAs, addUser } from './kit';
import { Visitor } from './sec-kit';

test('staff get 403; admin sees a failed sign-in, filtered by address, on a phone without sideways scroll', async ({
	page,
	browser,
	server
}) => {
	const victim = await addUser('staff');
	// a wrong password from an address of its own, and a post from another site
	const attacker = new Visitor(server.origin, '127.0.3.77');
	expect((await attacker.post('/login', { email: victim.email, password: 'not the password at all' })).status).toBe(
		400
	);
	const cross = await attacker.post(
		'/login',
		{ email: victim.email, password: 'x' },
		{ origin: 'https://evil.example' }
	);
	expect(cross.status).toBe(403);

	// staff of a department: the page refuses
	const staffCtx = await browser.newContext();
	const staffPage = await staffCtx.newPage();
	await signInAs(staffPage, 'staff', 'education');
	expect((await staffPage.goto('/admin/security'))?.status()).toBe(403);
	await staffCtx.close();

	// admin: linked from the staff home, filters by address (a GET form, works without JavaScript)
	await page.setViewportSize({ width: 360, height: 740 });
	await signInAs(page, 'admin', undefined, '/en');
	await page.getByRole('link', { name: 'Security events' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Security events' })).toBeVisible();
	await page.getByLabel('IP address').fill('127.0.3.77');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page).toHaveURL(/ip=127\.0\.3\.77/);
	const failed = page.locator('[data-event="login.failed"]');
	await expect(failed).toHaveCount(1);
	await expect(failed).toContainText(victim.email);
	await expect(page.locator('[data-event="csrf.refused"]')).toHaveCount(1);
	// the staff member's refusal above is on the list too
	await page.goto('/en/admin/security?event=access.denied');
	await expect(
		page.locator('[data-event="access.denied"]').filter({ hasText: '/admin/security' }).first()
	).toBeVisible();
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	// a date that cannot be read is an error on its field, not a 500
	expect((await page.goto('/en/admin/security?from=2026-13-45'))?.status()).toBe(200);
	await expect(page.locator('#f-from-error')).toBeVisible();
});

test('every 429 carries Retry-After: the sign-in throttle says its own, a limit whose route does not is filled from the refused limit', async ({
	server
}) => {
	const victim = await addUser('staff');
	const v = new Visitor(server.origin, '127.0.3.78');
	const statuses: number[] = [];
	let last;
	for (let i = 0; i < 6; i++) {
		last = await v.post('/login', { email: victim.email, password: `wrong guess number ${i}` });
		statuses.push(last.status);
	}
	expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
	expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
	expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(900);
	// the sorting suggestion's route sets no header of its own: the refused limit's wait is used
	const s = new Visitor(server.origin, '127.0.3.79');
	let reply;
	for (let i = 0; i < 21; i++) reply = await s.post('/sort?/suggest', { name: `限流测试物品${i}` });
	expect(reply!.status).toBe(429);
	expect(Number(reply!.headers['retry-after'])).toBeGreaterThan(0);
	expect(Number(reply!.headers['retry-after'])).toBeLessThanOrEqual(3600);
});
