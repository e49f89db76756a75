/**
 * What every journey imports: Playwright's `test` and `expect`, extended with this worker's own
 * production server, and the shared helpers. Import from here, never from '@playwright/test'
 * directly, so a fixture added once reaches every journey.
 *
 * Each Playwright worker starts one server (scripts/launch.mjs) on a free port, from a copy of the
 * run's template database (tests/global-setup.ts: migrated and loaded once), in test mode so its
 * clock can be moved. `baseURL` is that server, so `page.goto('/x')` and `request` reach it.
 */
import { test as base, devices, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, launch, serverEnv } from '../scripts/launch.mjs';
import { addUser, enrolAuthenticator, serverNow, setWorkerServer, workerServer, type WorkerServer } from './helpers';
import { fromTemplate } from './harness';
import { startMailbox, startSmsReceiver, arrives, linkIn, type Mail, type Sms } from './mailbox';

export { expect };
export type { Page, Locator, Browser, BrowserContext, APIRequestContext } from '@playwright/test';
export * from './helpers';

/**
 * A phone (Pixel 7: 412 px wide, touch, mobile viewport) for a whole file, `test.use(PHONE)`: the
 * context options only, without the browser type, so phone files run in the same workers and
 * against the same servers as the others instead of starting workers of their own.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const PHONE = (({ defaultBrowserType, ...context }) => context)(devices['Pixel 7']);

let addresses = 0;
/**
 * Headers that make a browser context a visitor of its own to the worker's server (every test gets
 * one through the `extraHTTPHeaders` fixture below; a test wanting two visitors passes another to
 * `browser.newContext`): in test mode a request may name its client address (hooks.server.ts), so
 * the per-address limits, at their production values, count each journey's forms apart.
 * Addresses from 198.18.0.0/15, the range set aside for tests of network devices.
 */
export function ownAddress(): Record<string, string> {
	const n = addresses++;
	return { 'x-miyun-test-client': `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}` };
}

/** The worker server's settable clock (MIYUN_TEST_MODE's /__test/clock). */
export interface Clock {
	now(): Promise<Date>;
	set(at: Date): Promise<Date>;
	advance(ms: number): Promise<Date>;
	reset(): Promise<Date>;
}

/** What this worker's server delivered: a real SMTP server and SMS webhook receiver in this process. */
export interface Inbox {
	mails: Mail[];
	sms: Sms[];
	/** the first mail to `to` (and matching `subject`, when given) that arrives within `ms` */
	mailTo(to: string, subject?: RegExp | string, ms?: number): Promise<Mail>;
	/** the first SMS to `to` (and of `template`, when given) that arrives within `ms` */
	smsTo(to: string, template?: string, ms?: number): Promise<Sms>;
}

/** Signs the journeys' SMS webhook calls (tests check the signature). */
export const SMS_SECRET = 'journey-secret';

export interface Server extends WorkerServer {
	clock: Clock;
	inbox: Inbox;
	/** the server's stderr so far */
	stderr: () => string;
}

/** The journeys' server settings (what `npm start` sets, plus test mode and the footer below). */
const JOURNEY_ENV = {
	SCHEDULER: 'on',
	// every limit at its production value: each test is a visitor of its own (`extraHTTPHeaders`
	// below), so no journey is refused for what another sent from the same machine
	// footer configuration: sponsor and contact set, the record numbers left unset (so hidden)
	SITE_SPONSOR: '北京市密云区生态环境局|Miyun District Ecology and Environment Bureau',
	SITE_CONTACT: '010-69000000（示例 sample）'
};

function clockOf(origin: string): Clock {
	const post = async (body: object) => {
		const r = await fetch(`${origin}/__test/clock`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin },
			body: JSON.stringify(body)
		});
		if (!r.ok) throw new Error(`/__test/clock answered ${r.status}`);
		return new Date(((await r.json()) as { now: string }).now);
	};
	return {
		now: () => post({}),
		set: (at) => post({ at: at.toISOString() }),
		advance: (ms) => post({ advanceMs: ms }),
		reset: () => post({ reset: true })
	};
}

export const test = base.extend<object, { server: Server }>({
	server: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use, workerInfo) => {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), `miyun-e2e-w${workerInfo.workerIndex}-`));
			fromTemplate(dir);
			// messages go out for real, to an SMTP server and an SMS receiver owned by this worker, so
			// any journey can read what a person would receive without starting a server of its own
			const mail = await startMailbox();
			const sms = await startSmsReceiver();
			const port = await freePort();
			const s = await launch({
				env: serverEnv({
					port,
					dir,
					test: true,
					env: {
						...JOURNEY_ENV,
						SMTP_URL: mail.url,
						MAIL_FROM: '密云区无废城市 <noreply@example.gov.cn>',
						SMS_WEBHOOK_URL: sms.url,
						SMS_WEBHOOK_SECRET: SMS_SECRET
					}
				}),
				timeoutMs: 120000,
				echo: true
			});
			const server: Server = {
				origin: s.origin,
				port,
				dir,
				dbPath: path.join(dir, 'miyun.db'),
				filesDir: path.join(dir, 'files'),
				clock: clockOf(s.origin),
				stderr: s.stderr,
				inbox: {
					mails: mail.mails,
					sms: sms.got,
					mailTo: (to, subject, ms) =>
						arrives(
							() =>
								mail.mails.find(
									(m) =>
										m.to === to &&
										(subject === undefined ||
											(typeof subject === 'string' ? m.subject.includes(subject) : subject.test(m.subject)))
								),
							ms,
							`a mail to ${to}`
						),
					smsTo: (to, template, ms) =>
						arrives(
							() => sms.got.find((x) => x.body.to === to && (template === undefined || x.body.template === template)),
							ms,
							`an SMS to ${to}`
						)
				}
			};
			setWorkerServer(server);
			await use(server);
			setWorkerServer(null);
			await s.stop();
			await sms.close();
			await mail.close().catch(() => {});
			fs.rmSync(dir, { recursive: true, force: true });
		},
		{ scope: 'worker', auto: true, timeout: 180000 }
	],
	baseURL: async ({ server }, use) => {
		await use(server.origin);
	},
	// each test a visitor of its own: its pages, contexts and `request` name a client address no
	// other test uses (ownAddress), so the per-address limits count this test's writes only
	// eslint-disable-next-line no-empty-pattern
	extraHTTPHeaders: async ({}, use) => {
		await use(ownAddress());
	}
});

/** A signed-in role's cookies (a storageState) and the server clock's offset when it signed in. */
interface RoleSession {
	state: { cookies: { name: string; value: string; url: string }[] };
	offsetMs: number;
	/** this machine's time when it signed in */
	madeAt: number;
}
const roleSessions = new Map<string, RoleSession>();

/** Server clock minus this machine's clock: it changes when a test moves the server's clock. */
async function clockOffset(): Promise<number> {
	return (await serverNow()) - Date.now();
}

/**
 * Opens `${prefix}/admin` (`/account` for `org`) in `page` signed in as `role` (staff of `department`). Each role signs
 * in once per worker (an account made by the builders, the sign-in form and TOTP step posted over
 * HTTP) and its session is reused through the storage state; it signs in again, as a new account,
 * once a test has moved the server's clock (the session may have expired, and a TOTP step already
 * used cannot be used again).
 */
export async function signInAs(page: Page, role: 'admin' | 'staff' | 'org', department?: string, prefix = '') {
	// an organisation account (builders: a sealed TOTP key, like staff) opens its /account instead
	const home = role === 'org' ? 'account' : 'admin';
	const key = `${role}:${department ?? ''}`;
	const offset = await clockOffset();
	let s = roleSessions.get(key);
	// staff and admin sessions end after 30 idle minutes: a session older than 20 is not reused
	const fresh = !s || Math.abs(offset - s.offsetMs) > 60000 || Date.now() - s.madeAt > 20 * 60000;
	if (fresh) s = await newRoleSession(key, role, department, offset);
	await page.context().addCookies(s!.state.cookies);
	await page.goto(`${prefix}/${home}`);
	// a test that moved the clock forward and back again may have outlived the session: sign in anew
	if (!fresh && !new RegExp(`${prefix}/${home}$`).test(new URL(page.url()).pathname)) {
		s = await newRoleSession(key, role, department, offset);
		await page.context().addCookies(s.state.cookies);
		await page.goto(`${prefix}/${home}`);
	}
	await expect(page).toHaveURL(new RegExp(`${prefix}/${home}$`));
}

async function newRoleSession(
	key: string,
	role: 'admin' | 'staff' | 'org',
	department: string | undefined,
	offset: number
): Promise<RoleSession> {
	const server = workerServer();
	const { signIn } = await import('./sec-kit');
	const visitor = await signIn(server as never, { ...(await addUser(role, department)), role, department });
	const s = {
		state: { cookies: [...visitor.cookies].map(([name, value]) => ({ name, value, url: server.origin })) },
		offsetMs: offset,
		madeAt: Date.now()
	};
	roleSessions.set(key, s);
	return s;
}

/** The newest email to `to` (whose subject matches) in this worker's inbox, waiting for it to arrive. */
export function mailTo(to: string, subject: RegExp = /./, ms = 15000): Promise<Mail> {
	const mails = (workerServer() as Server).inbox.mails;
	const want = to.toLowerCase();
	return arrives(
		() => mails.findLast((m) => m.to.toLowerCase() === want && subject.test(m.subject)),
		ms,
		`an email to ${to}`
	);
}

/**
 * Follows the registration link emailed to `email` in `page` and confirms: the account is signed
 * in, enrols its authenticator (the code computed from the shown key) and is taken on to where it
 * was going (issue 16: registration is confirmed by email; every account has a second factor).
 * Returns the key (base32) and the recovery codes.
 */
export async function confirmRegistration(page: Page, email: string) {
	const mail = await mailTo(email, /确认注册|confirm your registration/i);
	await page.goto(linkIn(mail.text, `${workerServer().origin}/`));
	await page.getByRole('button', { name: /^(确认注册|Confirm registration)$/ }).click();
	await expect(page).toHaveURL(/\/login\/2fa\/setup/);
	return enrolAuthenticator(page, new URL(page.url()).pathname.startsWith('/en/') ? '/en' : '');
}
