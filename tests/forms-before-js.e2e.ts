import {
	test,
	expect,
	type Page,
	dbPath,
	addUser,
	creditCode,
	totpNow,
	confirmRegistration,
	passSecondFactor,
	inDb
} from './kit';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * Nothing typed before the page's JavaScript has run is lost. Each journey holds the JavaScript
 * back, types, chooses and checks while the page is plain HTML, then lets the JavaScript load and
 * hydrate (html.js), submits, and reads what arrived on the server.
 */

// a service worker could answer the script requests from its cache, past the hold
test.use({ serviceWorkers: 'block' });

// scripts only: the stylesheets must load, or the page never finishes parsing
const APP = /\/_app\/immutable\/.*\.js$/;

/**
 * Opens `url` with its JavaScript held back. `go()` lets it load and waits for hydration; `noJs()`
 * drops it instead, so the page stays plain HTML and later pages load their JavaScript as usual.
 */
async function holdJs(page: Page, url: string) {
	let release!: () => void;
	let mode: 'hold' | 'go' | 'drop' = 'hold';
	const gate = new Promise<void>((r) => (release = r));
	await page.route(APP, async (route) => {
		if (mode === 'drop') return route.continue(); // a later page's scripts
		await gate;
		// the held page's own scripts: loaded, or dropped so it never hydrates
		// (mode changes while the request waits at the gate)
		await ((mode as string) === 'drop' ? route.abort().catch(() => {}) : route.continue());
	});
	await page.goto(url, { waitUntil: 'domcontentloaded' });
	await expect(page.locator('html')).not.toHaveClass(/\bjs\b/);
	return {
		go: async () => {
			mode = 'go';
			release();
			await expect(page.locator('html')).toHaveClass(/\bjs\b/);
			// the first update after mount has run by the next frame
			await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
			await page.unroute(APP);
		},
		noJs: async () => {
			mode = 'drop';
			release();
		}
	};
}

async function openBeforeJs(page: Page, url: string): Promise<() => Promise<void>> {
	return (await holdJs(page, url)).go;
}

function db() {
	return new Database(dbPath());
}

function row<T>(sql: string, ...args: unknown[]): T {
	const d = db();
	try {
		return d.prepare(sql).get(...args) as T;
	} finally {
		d.close();
	}
}

async function serverNow(page: Page): Promise<number> {
	const r = await page.request.post('/__test/clock', { data: {} });
	return Date.parse((await r.json()).now);
}

async function photoFile(name: string): Promise<string> {
	const buf = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#5a6' } })
		.jpeg()
		.toBuffer();
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-forms-')), name);
	fs.writeFileSync(file, buf);
	return file;
}

test('a reporter types before the JavaScript loads: the report, an added photo, the follow-up and a personal-data request all arrive', async ({
	page
}) => {
	const description = `Bags of rubbish dumped beside the reservoir path ${Date.now()}`;
	let go = await openBeforeJs(page, '/en/report');
	await page.locator('#f-category').selectOption('illegal_dumping');
	await page.locator('#f-photos').setInputFiles(await photoFile('dump.jpg'));
	await page.locator('#f-place').selectOption('town:xiwengzhuang');
	await page.locator('#f-description').fill(description);
	await page.locator('#f-contact').fill('13900001111');
	await go();
	await expect(page.locator('#f-description')).toHaveValue(description);
	await expect(page.locator('#f-contact')).toHaveValue('13900001111');
	await page.getByRole('button', { name: 'Send report' }).click();
	await expect(page.getByRole('heading', { name: 'Report received' })).toBeVisible();
	const code = /[2-9A-HJ-NP-Z]{8}/.exec((await page.locator('.code').textContent())!)![0];
	// acting on the report needs the reporter's private link, shown once here (issue 16)
	const mine = new URL(await page.getByTestId('private-link').inputValue()).pathname;
	const stored = row<{ category: string; town_code: string; description: string; contact: string; n: number }>(
		`select category, town_code, description, contact,
		   (select count(*) from report_photos p where p.report_id = r.id) as n
		 from reports r where code = ?`,
		code
	);
	expect(stored).toMatchObject({ category: 'illegal_dumping', town_code: 'xiwengzhuang', description, n: 1 });
	expect(stored.contact).toContain('13900001111');

	// the reporter's own page: another photo, picked before the JavaScript
	go = await openBeforeJs(page, mine);
	await page.locator('#add-photo').setInputFiles(await photoFile('more.jpg'));
	await go();
	await page.locator('form[action="?/photo"] button[type=submit]').click();
	await expect(page.getByRole('status')).toBeVisible();
	expect(
		row<{ n: number }>(
			'select count(*) as n from report_photos p join reports r on r.id = p.report_id where r.code = ?',
			code
		).n
	).toBe(2);

	// the follow-up once it is resolved
	const d = db();
	d.prepare(`update reports set status = 'resolved', resolved_at = ? where code = ?`).run(await serverNow(page), code);
	d.close();
	go = await openBeforeJs(page, mine);
	await page.locator('#fu-note').fill('Cleared, thank you');
	await go();
	await expect(page.locator('#fu-note')).toHaveValue('Cleared, thank you');
	await page.locator('form[action="?/followup"] button[value=yes]').click();
	await expect(page.getByRole('status').first()).toBeVisible();
	expect(
		row<{ note: string }>(
			`select e.public_note as note from report_events e join reports r on r.id = e.report_id
			 where r.code = ? and e.actor = 'visitor' order by e.id desc limit 1`,
			code
		).note
	).toBe('Cleared, thank you');

	// a personal-data request about that report
	go = await openBeforeJs(page, '/en/about/privacy/request');
	await page.locator('input[name=kind][value=correction]').check();
	await page.locator('[name=trackingCode]').fill(code);
	await page.locator('[name=details]').fill('My phone number has changed');
	await page.locator('[name=contact]').fill('13900002222');
	await go();
	await expect(page.locator('input[name=kind][value=correction]')).toBeChecked();
	await page.locator('form[method=POST] button[type=submit]').last().click();
	await expect(page.getByRole('status').first()).toBeVisible();
	const req = row<{ kind: string; details: string; contact: string }>(
		'select kind, details, contact from rights_requests where tracking_code = ? order by id desc limit 1',
		code
	);
	expect(req).toMatchObject({ kind: 'correction', details: 'My phone number has changed' });
	expect(req.contact).toContain('13900002222');
});

test('an organisation registers, signs in and asks for a new password, typing before the JavaScript loads', async ({
	browser
}) => {
	const stamp = Date.now();
	const email = `forms${stamp}@example.com`;
	const credit = creditCode((stamp + 7) % 1e9);
	const ctx = await browser.newContext({ serviceWorkers: 'block' });
	const page = await ctx.newPage();
	let go = await openBeforeJs(page, '/register');
	await page.locator('#f-orgName').fill('密云区表单测试小学');
	await page.locator('#f-orgType').selectOption('school');
	await page.locator('#f-town').selectOption('guoyuan');
	await page.locator('#f-creditCode').fill(credit);
	await page.locator('#f-contactName').fill('李老师');
	await page.locator('#f-contactPhone').fill('13912340000');
	await page.locator('#f-email').fill(email);
	await page.locator('#f-password').fill('nothing typed is ever lost');
	await go();
	await page.getByRole('button', { name: '注册' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('请查收邮件');
	const { secret } = await confirmRegistration(page, email);
	await expect(page).toHaveURL(/\/cells\/apply\?welcome=1$/);
	const org = row<Record<string, string>>(
		`select o.name, o.type, o.town_code, o.credit_code, o.contact_name, o.contact_phone
		 from organisations o join users u on u.org_id = o.id where u.email = ?`,
		email
	);
	expect(org).toEqual({
		name: '密云区表单测试小学',
		type: 'school',
		town_code: 'guoyuan',
		credit_code: credit,
		contact_name: '李老师',
		contact_phone: '13912340000'
	});
	await ctx.close();

	const ctx2 = await browser.newContext({ serviceWorkers: 'block' });
	const p2 = await ctx2.newPage();
	go = await openBeforeJs(p2, '/login');
	await p2.locator('#f-email').fill(email);
	await p2.locator('#f-password').fill('nothing typed is ever lost');
	await go();
	await p2.getByRole('button', { name: '登录', exact: true }).click();
	// the authenticator's code (issue 16: organisation accounts have a second factor)
	await passSecondFactor(p2, secret);
	await expect(p2).toHaveURL(/\/account$/);
	await expect(p2.getByText('密云区表单测试小学')).toBeVisible();
	await ctx2.close();

	const ctx3 = await browser.newContext({ serviceWorkers: 'block' });
	const p3 = await ctx3.newPage();
	go = await openBeforeJs(p3, '/login/forgot');
	await p3.locator('#f-email').fill(email);
	await go();
	await p3.locator('form[method=POST] button[type=submit]').last().click();
	await expect(p3.getByRole('status').first()).toBeVisible();
	await expect
		.poll(
			async () =>
				(
					(await (await p3.request.get(`/__test/outbox?to=${encodeURIComponent(email)}`)).json()) as {
						template: string;
					}[]
				).filter((r) => r.template === 'account.reset').length
		)
		.toBe(1);
	await ctx3.close();
});

test('找错, the sorting suggestion and the self-test keep what was typed and chosen before the JavaScript loads', async ({
	page
}) => {
	// refused before the JavaScript ran: the refilled page hydrates without emptying what came back
	const held = await holdJs(page, '/feedback');
	await page.locator('[name=details]').fill('bus');
	await page.locator('[name=contact]').fill('early@example.com');
	await held.noJs();
	await page.locator('form[method=POST] button[type=submit]').last().click();
	await expect(page.locator('html')).toHaveClass(/\bjs\b/);
	await expect(page.locator('[name=details]')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('[name=details]')).toHaveValue('bus');
	await expect(page.locator('[name=contact]')).toHaveValue('early@example.com');

	const details = `The bus times on the map page are out of date ${Date.now()}`;
	let go = await openBeforeJs(page, '/feedback');
	await page.locator('[name=pageUrl]').fill('/points');
	await page.locator('[name=kind]').selectOption('wrong');
	await page.locator('[name=details]').fill(details);
	await page.locator('[name=contact]').fill('visitor@example.com');
	await go();
	await page.locator('form[method=POST] button[type=submit]').last().click();
	await expect(page.getByRole('status').first()).toBeVisible();
	expect(row('select page_url as pageUrl, kind, contact from site_feedback where details = ?', details)).toMatchObject({
		pageUrl: expect.stringContaining('/points'),
		kind: 'wrong',
		contact: 'visitor@example.com'
	});

	const word = `表单测试物品${Date.now() % 100000}`;
	go = await openBeforeJs(page, `/sort?q=${encodeURIComponent(word)}`);
	await page.locator('#f-name').fill(`${word}（大号）`);
	await page.locator('#f-description').fill('塑料做的，很大');
	await page.locator('#f-contact').fill('13900003333');
	await go();
	await page.getByRole('button', { name: '提交建议' }).click();
	await expect(page.getByText('谢谢！您的建议已提交')).toBeVisible();
	expect(row('select description, contact from sorting_suggestions where name = ?', `${word}（大号）`)).toEqual({
		description: '塑料做的，很大',
		contact: '13900003333'
	});

	go = await openBeforeJs(page, '/sort/quiz');
	const groups = page.locator('fieldset');
	await expect(groups).toHaveCount(10);
	for (let i = 0; i < 10; i++) await groups.nth(i).getByRole('radio').nth(1).check();
	await go();
	for (let i = 0; i < 10; i++) await expect(groups.nth(i).getByRole('radio').nth(1)).toBeChecked();
	await page.getByRole('button', { name: '查看结果' }).click();
	await expect(page.getByRole('status')).toContainText(/您答对了 \d+ \/ 10 题/);
	await expect(page.locator('.marked li')).toHaveCount(10);
});

test('a survey page keeps the choices, ticks and text given before the JavaScript loads', async ({ page }) => {
	const slug = `forms-${Date.now()}`;
	await (await inDb()).formsSurvey(dbPath(), slug);
	await page.goto(`/surveys/${slug}`);
	await page.locator('input[name=consent]').check();
	await page.getByRole('button', { name: '同意并开始' }).click();
	await expect(page.locator('#survey-page')).toBeVisible();

	const go = await openBeforeJs(page, `/surveys/${slug}`);
	await page.locator('input[name=sorts][value=yes]').check();
	await page.locator('input[name=bins][value=kitchen]').check();
	await page.locator('input[name=bins][value=recyclable]').check();
	await page.locator('input[name=village]').fill('古北口村');
	await page.locator('textarea[name=ideas]').fill('多放几个桶');
	await go();
	await page.getByRole('button', { name: '提交', exact: true }).click();
	await expect
		.poll(
			() =>
				row<{ answers: string; status: string }>(
					`select r.answers, r.status from survey_responses r join surveys s on s.id = r.survey_id
					 where s.slug = ? order by r.id desc limit 1`,
					slug
				).status
		)
		.toBe('complete');
	const answers = JSON.parse(
		row<{ answers: string }>(
			'select r.answers from survey_responses r join surveys s on s.id = r.survey_id where s.slug = ?',
			slug
		).answers
	);
	expect(answers).toMatchObject({
		sorts: 'yes',
		bins: ['kitchen', 'recyclable'],
		village: '古北口村',
		ideas: '多放几个桶'
	});
});

test('an objection to a 公示 keeps the reason and contact typed before the JavaScript loads', async ({ page }) => {
	const now = await serverNow(page);
	const stamp = Date.now();
	const d = db();
	const version = d
		.prepare(`select id, cell_type from cell_criteria_versions where status = 'published' order by id limit 1`)
		.get() as { id: number; cell_type: string };
	const orgId = `forms-org-${stamp}`;
	d.prepare(
		`insert into organisations (id, name, type, town_code, credit_code, contact_name, contact_phone, created_at)
		 values (?, ?, ?, 'gulou', ?, '张经理', '13900004444', ?)`
	).run(orgId, `表单测试酒店${stamp % 100000}`, version.cell_type, creditCode((stamp + 11) % 1e9), now);
	const appId = Number(
		d
			.prepare(
				`insert into cell_applications (case_no, org_id, cell_type, criteria_version_id, status, notice_ends_at, created_at, updated_at, is_demo)
				 values (?, ?, ?, ?, 'public_notice', ?, ?, ?, 0)`
			)
			.run(`FT${stamp}`, orgId, version.cell_type, version.id, now + 7 * 86400000, now, now).lastInsertRowid
	);
	d.close();

	const go = await openBeforeJs(page, '/cells/notices');
	const card = page.locator('section', { has: page.locator(`#n-${appId}`) });
	await card.locator('summary').click();
	await card.locator('textarea[name=reason]').fill('该酒店门前的垃圾桶经常满溢');
	await card.locator('input[name=contact]').fill('13900005555');
	await go();
	await expect(card.locator('textarea[name=reason]')).toBeVisible();
	await card.getByRole('button').last().click();
	await expect(card.getByRole('status')).toBeVisible();
	expect(row('select reason, contact from cell_objections where application_id = ?', appId)).toEqual({
		reason: '该酒店门前的垃圾桶经常满溢',
		contact: '13900005555'
	});
});

// staff forms are not public, but the same components serve them: a sign-in with the code typed early
test('staff type the verification code before the JavaScript loads', async ({ page }) => {
	const user = await addUser('admin');
	const email = user.email;
	let go = await openBeforeJs(page, '/login');
	await page.locator('#f-email').fill(email);
	await page.locator('#f-password').fill(user.password);
	await go();
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page).toHaveURL(/\/login\/2fa/);
	go = await openBeforeJs(page, '/login/2fa');
	await page.locator('input[name=code]').fill(await totpNow(user.secret));
	await go();
	await page.getByRole('button', { name: '验证' }).click();
	await expect(page).toHaveURL(/\/admin$/);
});

test('the sorting search keeps a word typed before the JavaScript loads, and its live results appear', async ({
	page
}) => {
	const go = await openBeforeJs(page, '/sort');
	await page.getByRole('searchbox', { name: '输入物品名称' }).fill('奶茶杯');
	await go();
	await expect(page.getByRole('searchbox', { name: '输入物品名称' })).toHaveValue('奶茶杯');
	await expect(page.getByTestId('live-results').getByRole('link').first()).toContainText('奶茶杯');
});
