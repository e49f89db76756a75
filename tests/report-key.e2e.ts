// The reporter's private key, with two browsers: the stranger who knows only the public tracking
// code (it is on /reports and in Open311) can read the report and nothing more; the reporter with
// the private link confirms, reopens, adds information and asks about their data. Wrong keys are
// refused, rate-limited per address with Retry-After, and logged as security events — without
// locking the reporter out.
import { test, expect, field } from './kit';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type Server } from './harness';
import { Visitor, Snapshot, addUserTo, signIn, jpeg } from './sec-kit';

let server: Server;
let snap: Snapshot;
const KEY_LIMIT = 6;
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(120000);
	server = await startServer({
		port: Number(process.env.HARNESS_PORT_BASE ?? 4600) + 31,
		env: { RATE_LIMIT_REPORT_KEY: `${KEY_LIMIT}/600` }
	});
	snap = new Snapshot(server.dbPath);
});
test.afterAll(async () => {
	snap?.close();
	await server?.stop();
});

async function photoFile(): Promise<string> {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-key-')), 'bin.jpg');
	fs.writeFileSync(file, await jpeg());
	return file;
}

test('only the private link acts on a report; the public code reads it', async ({ browser }) => {
	test.setTimeout(180000);
	const reporterCtx = await browser.newContext({ baseURL: server.origin });
	const reporter = await reporterCtx.newPage();
	await reporter.goto('/en/report?place=town:shicheng&category=overflow');
	await reporter.getByLabel(field('Description')).fill('The bin by the bus stop is overflowing again');
	await reporter.getByLabel(field('Photos \\(1–3\\)')).setInputFiles(await photoFile());
	await reporter.getByLabel(field('Contact \\(optional\\)')).fill('13800138000');
	await reporter.getByRole('button', { name: 'Send report' }).click();
	await expect(reporter.getByRole('heading', { name: 'Report received' })).toBeVisible();
	const code = /\/report\/track\/([2-9A-HJ-NP-Z]{8})/.exec(reporter.url())![1];
	const link = await reporter.getByTestId('private-link').inputValue();
	expect(link).toMatch(/\/en\/report\/mine\/[A-Za-z0-9_-]{32}$/);
	await expect(reporter.getByRole('button', { name: 'Copy link' })).toBeVisible();
	await expect(reporter.getByText('it is shown only this once')).toBeVisible();
	// shown once: reloading the confirmation shows the code, not the link
	await reporter.reload();
	await expect(reporter.getByTestId('private-link')).toHaveCount(0);
	// stored only as a hash; the acknowledgement to the contact carries it
	const key = link.split('/').at(-1)!;
	expect(JSON.stringify(snap.query('select * from report_keys'))).not.toContain(key);
	const ack = snap.query<{ recipient: string; template: string }>(
		"select recipient, template from outbox where dedupe_key like 'report:' || ? || ':ack%'",
		code
	);
	expect(ack[0]).toMatchObject({ recipient: '13800138000', template: 'report.ack' });
	// the database never holds the key: the SMS link is a sealed short link, delivered bodies are scrubbed
	expect(JSON.stringify(snap.query('select * from outbox'))).not.toContain(key);
	expect(JSON.stringify(snap.query('select * from short_links'))).not.toContain(key);

	// staff resolve it
	const staff = await signIn(server, await addUserTo(server, 'admin'));
	for (const action of ['accept', 'assign', 'start'])
		expect((await staff.post(`/admin/reports/${code}?/transition`, { action })).status).toBeLessThan(400);
	await staff.post(`/admin/reports/${code}?/transition`, { action: 'resolve', publicNote: 'Emptied this morning' });
	expect(snap.query<{ status: string }>('select status from reports where code = ?', code)[0].status).toBe('resolved');

	// the stranger, with the public code only: reads, cannot act
	const strangerCtx = await browser.newContext({ baseURL: server.origin });
	const stranger = await strangerCtx.newPage();
	await stranger.goto(`/en/report/track/${code}`);
	await expect(stranger.getByTestId('status')).toHaveText('Resolved');
	await expect(stranger.getByText('Emptied this morning')).toBeVisible();
	await expect(stranger.getByTestId('readonly')).toBeVisible();
	await expect(stranger.getByRole('button', { name: 'Yes, fixed' })).toHaveCount(0);
	await expect(stranger.getByRole('button', { name: 'No, not fixed' })).toHaveCount(0);
	await expect(stranger.getByRole('button', { name: 'Add a photo' })).toHaveCount(0);
	await expect(stranger.getByText('13800138000')).toHaveCount(0);
	// posting the old actions with the public code does nothing
	const s = new Visitor(server.origin, '127.0.0.9');
	for (const action of ['followup', 'photo', 'info', 'rights']) {
		const r = await s.post(`/report/track/${code}?/${action}`, {
			fixed: 'no',
			info: 'x',
			details: 'x',
			kind: 'access'
		});
		expect(r.status, action).toBeGreaterThanOrEqual(400);
	}
	expect(snap.query<{ n: number }>('select reopen_count as n from reports where code = ?', code)[0].n).toBe(0);
	// a data request with the public code alone is filed unverified: nothing is shown to the admin until identity is checked
	await stranger.goto('/en/about/privacy/request');
	await stranger.getByLabel('See my data').check();
	await stranger.getByLabel(/Report tracking code/).fill(code);
	await stranger.getByLabel(/What are you asking for/).fill('Show me the contact of this report');
	await stranger.getByRole('button', { name: 'Send the request' }).click();
	await expect(stranger.getByRole('heading', { name: 'We have your request' })).toBeVisible();
	const unverified = snap.query<{ verified_by: string | null }>(
		'select verified_by from rights_requests where tracking_code = ?',
		code
	);
	expect(unverified).toEqual([{ verified_by: null }]);
	// guessing keys: refused, then limited with Retry-After, every try logged
	const failedBefore = snap.count('security_events');
	let limited = null;
	for (let i = 0; i < KEY_LIMIT + 2; i++) {
		const guess = `${key.slice(0, 28)}${String(1000 + i)}`;
		const r = await s.get(`/report/mine/${guess}`);
		if (r.status === 429) {
			limited = r;
			break;
		}
		expect(r.status).toBe(404);
	}
	expect(limited, 'the key limit answered 429').not.toBeNull();
	expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
	const logged = snap.query<{ event: string; ip: string; detail: string }>(
		'select event, ip, detail from security_events where id > ?',
		failedBefore
	);
	expect(logged.filter((e) => e.event === 'report_key.failed')).toHaveLength(KEY_LIMIT);
	expect(logged.some((e) => e.event === 'report_key.throttled')).toBe(true);
	expect(JSON.stringify(logged)).not.toContain(key.slice(0, 28));
	// 50 simultaneous wrong keys from a fresh address: at most the limit are checked
	const burst = new Visitor(server.origin, '127.0.0.10');
	const answers = await Promise.all(
		Array.from({ length: 50 }, (_, i) => burst.get(`/report/mine/${key.slice(0, 28)}${String(5000 + i)}`))
	);
	const checked = snap.query<{ n: number }>(
		"select count(*) as n from security_events where event = 'report_key.failed' and ip like '%127.0.0.10'"
	)[0].n;
	expect(checked).toBe(KEY_LIMIT);
	expect(answers.filter((a) => a.status === 429)).toHaveLength(50 - KEY_LIMIT);
	// even the right key is refused from that address now
	expect((await s.get(`/report/mine/${key}`)).status).toBe(429);
	await strangerCtx.close();

	// the reporter, from their own address, is not locked out: their page shows their contact
	const mine = await reporter.goto(link);
	expect(mine!.headers()['referrer-policy']).toBe('same-origin');
	expect(mine!.headers()['cache-control']).toContain('no-store');
	await expect(reporter.getByTestId('own-contact')).toHaveText('13800138000');
	await reporter.getByLabel('Anything to add (optional)').fill('Still full, and more bags beside it');
	await reporter.getByRole('button', { name: 'No, not fixed' }).click();
	await expect(reporter.getByRole('status')).toContainText('Thank you for telling us.');
	expect(snap.query<{ n: number }>('select reopen_count as n from reports where code = ?', code)[0].n).toBe(1);
	await reporter.goto(link);
	await expect(reporter.getByTestId('status')).toHaveText('Being dealt with');
	// adding information for staff (not public)
	await reporter.getByLabel('What staff should know (not public)').fill('The bags are from the shop next door');
	await reporter.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(reporter.getByText('Thank you; staff will see it.')).toBeVisible();
	// and a personal-data request, verified by the key
	await reporter.getByLabel(/Kind of request/).selectOption('deletion');
	await reporter.getByLabel(/What are you asking for/).fill('Please delete my phone number');
	await reporter.getByRole('button', { name: 'Send the request' }).click();
	await expect(reporter.getByTestId('rights-sent')).toBeVisible();
	expect(
		snap.query<{ verified_by: string }>(
			"select verified_by from rights_requests where tracking_code = ? and kind = 'deletion'",
			code
		)
	).toEqual([{ verified_by: 'key' }]);
	// the public page shows the reopening, never the added information
	await reporter.goto(`/en/report/track/${code}`);
	await expect(reporter.locator('.timeline')).toContainText('The reporter said it was not fixed');
	await expect(reporter.getByText('shop next door')).toHaveCount(0);
	await reporterCtx.close();
});
