import { test, expect, signInAs, workerServer, type Page } from './kit';
import { inDb } from './helpers';
import { seed, sweep } from './a11y-shared';

// axe on the staff pages, once per page state: every admin page, with a report, a notice, a survey
// and 无废细胞 applications in the worker's database (the accessibility seed plus one report filed
// through the service). Journeys do not run axe again on these pages. Staff work in Chinese; the
// English sweep takes the pages whose longer text changes the layout most.
test.describe.configure({ mode: 'parallel' });

let code: string;
test.beforeAll(async () => {
	await seed();
	const s = workerServer();
	code = await (await inDb()).addReport(s.dbPath, s.filesDir);
});

/** The first link on `list` whose path matches `re` (a detail page of something the seed made). */
async function firstLink(page: Page, list: string, re: RegExp): Promise<string> {
	await page.goto(list);
	const hrefs = await page
		.locator('main a[href]')
		.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
	const hit = hrefs.find((h) => re.test(h));
	expect(hit, `a link matching ${re} on ${list}`).toBeTruthy();
	return hit!;
}

async function staffPaths(page: Page, prefix: string): Promise<string[]> {
	const survey = await firstLink(page, `${prefix}/admin/surveys`, /\/admin\/surveys\/\d+$/);
	return [
		`${prefix}/admin`,
		`${prefix}/admin/users`,
		`${prefix}/admin/audit`,
		// security events: all (sign-ins made them), filtered, and a filter that cannot be read
		`${prefix}/admin/security`,
		`${prefix}/admin/security?event=login.ok&from=2026-01-01&to=2027-12-31`,
		`${prefix}/admin/security?from=not-a-day&event=nonsense`,
		`${prefix}/admin/calendar?year=2027`,
		`${prefix}/admin/api-keys`,
		`${prefix}/admin/routing`,
		`${prefix}/admin/feedback`,
		`${prefix}/admin/outbox`,
		`${prefix}/admin/sorting`,
		`${prefix}/admin/rights`,
		`${prefix}/admin/plan`,
		`${prefix}/admin/plan/indicators/30`,
		`${prefix}/admin/plan/tasks/1`,
		`${prefix}/admin/points`,
		await firstLink(page, `${prefix}/admin/points`, /\/admin\/points\/(?!export)[^/]+$/),
		`${prefix}/admin/reports`,
		`${prefix}/admin/reports/${code}`,
		`${prefix}/admin/notices`,
		await firstLink(page, `${prefix}/admin/notices`, /\/admin\/notices\/\d+$/),
		`${prefix}/admin/cells`,
		await firstLink(page, `${prefix}/admin/cells`, /\/admin\/cells\/\d+$/),
		`${prefix}/admin/cells/criteria`,
		await firstLink(page, `${prefix}/admin/cells/criteria`, /\/admin\/cells\/criteria\/\d+$/),
		`${prefix}/admin/surveys`,
		survey,
		`${survey}/results`,
		`${survey}/preview`,
		`${survey}/import`,
		`${prefix}/admin/surveys/population`,
		`${prefix}/account`
	];
}

test('every staff page passes axe (zh-CN)', async ({ page }) => {
	test.setTimeout(180_000);
	await signInAs(page, 'admin');
	await sweep(page, await staffPaths(page, ''));
});

test('staff pages with the longest English text pass axe (en)', async ({ page }) => {
	await signInAs(page, 'admin', undefined, '/en');
	const survey = await firstLink(page, '/en/admin/surveys', /\/admin\/surveys\/\d+$/);
	const cell = await firstLink(page, '/en/admin/cells', /\/admin\/cells\/\d+$/);
	await sweep(page, [
		'/en/admin',
		'/en/admin/users',
		'/en/admin/audit',
		'/en/admin/security',
		'/en/admin/security?from=not-a-day&event=nonsense',
		'/en/admin/calendar?year=2027',
		'/en/admin/outbox',
		`/en/admin/reports/${code}`,
		cell,
		`${survey}/results`
	]);
});
