import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { creditCodeCheckChar } from '../src/lib/auth/credit-code';

/** The server this worker's journeys run against (tests/kit.ts starts one per worker). */
export interface WorkerServer {
	origin: string;
	port: number;
	dir: string;
	dbPath: string;
	filesDir: string;
}

let current: WorkerServer | null = null;
/** tests/kit.ts: this worker's server. */
export function setWorkerServer(s: WorkerServer | null) {
	current = s;
}
export function workerServer(): WorkerServer {
	if (!current) throw new Error('no worker server: import test from ./kit');
	return current;
}
/** The worker server's origin (also the `baseURL`). */
export const origin = () => workerServer().origin;
/** The worker server's database file. */
export const dbPath = () => workerServer().dbPath;

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeContexts = new WeakSet<BrowserContext>();

/**
 * axe-core on the current page: no serious or critical WCAG 2.1 A/AA violations.
 *
 * Our pages have no frames, so axe runs straight in the page (`axe.run`, violations only). That is
 * 2–4× quicker than AxeBuilder's default, which runs axe frame by frame and then opens a blank page
 * to merge the results, and collects every passing node's selector too. A page with frames still
 * goes through AxeBuilder, so nothing inside a frame is skipped.
 */
export async function expectAccessible(page: Page) {
	type Found = { id: string; impact?: string | null; help: string; nodes: string[] };
	let found: Found[];
	if (page.frames().length > 1) {
		const r = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
		found = r.violations.map((v) => ({ ...v, nodes: v.nodes.map((n) => n.target.join(' ')) }));
	} else {
		if (!(await page.evaluate(() => 'axe' in window))) {
			// axe (560 KB) goes to the browser once per context, as a script every later page in it
			// runs first, instead of down the protocol again for every page checked
			if (!axeContexts.has(page.context())) {
				axeContexts.add(page.context());
				await page.context().addInitScript(axeSource);
			}
			await page.evaluate(axeSource);
		}
		found = await page.evaluate(async (tags) => {
			const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
			const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
			return r.violations.map((v) => ({
				id: v.id,
				impact: v.impact,
				help: v.help,
				nodes: v.nodes.map((n) => n.target.join(' '))
			}));
		}, AXE_TAGS);
	}
	const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.join(', ')})`)).toEqual([]);
}

type InDb = typeof import('./in-db');
let inDbModule: Promise<InDb> | undefined;

/**
 * Bundles tests/in-db.ts with the server code it imports into one file (esbuild, about 0.4 s;
 * packages stay external), once per run in tests/global-setup.ts, and names it in
 * MIYUN_E2E_IN_DB. Loading it takes about 0.45 s of one core; through tsx it took 2.4–2.9 s and
 * 4–5 s of CPU in every worker, most of it the 1,765 message modules loaded one by one.
 */
export async function bundleInDb(): Promise<string> {
	const out = fileURLToPath(new URL('../node_modules/.miyun-in-db/in-db.mjs', import.meta.url));
	const { build } = await import('esbuild');
	await build({
		entryPoints: [fileURLToPath(new URL('./in-db.ts', import.meta.url))],
		bundle: true,
		platform: 'node',
		format: 'esm',
		packages: 'external',
		outfile: out,
		logLevel: 'warning'
	});
	return out;
}

/** tests/in-db.ts, loaded once per worker: the run's bundle, or through tsx outside a run. */
export function inDb(): Promise<InDb> {
	const bundle = process.env.MIYUN_E2E_IN_DB;
	inDbModule ??= bundle
		? (import(pathToFileURL(bundle).href) as Promise<InDb>)
		: import('tsx/esm/api').then(({ tsImport }) => tsImport('./in-db.ts', import.meta.url) as Promise<InDb>);
	return inDbModule;
}

let seq = 0;
/** A unique address for an account made in a test. */
export function uniqueEmail(prefix: string, domain = 'example.gov.cn') {
	return `${prefix}${Date.now()}${process.pid}${seq++}@${domain}`;
}

/**
 * Creates a staff/admin account with the unit tests' builders, straight in a server's database
 * (this worker's unless given). Returns its email, password and TOTP secret (base32).
 */
export async function addUser(role: 'admin' | 'staff' | 'org', department?: string, file = dbPath()) {
	const m = await inDb();
	const u =
		role === 'org'
			? await m.addOrg(file, uniqueEmail('org', 'example.com'))
			: await m.addStaff(file, role, department, uniqueEmail(role));
	return { email: u.email, password: m.TEST_PASSWORD, secret: u.secret! };
}

/** The server's clock (test mode: /__test/clock answers it), or this machine's without test mode. */
export async function serverNow(at = current?.origin): Promise<number> {
	if (!at) return Date.now();
	try {
		const r = await fetch(`${at}/__test/clock`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: at },
			body: '{}'
		});
		if (r.ok) return Date.parse(((await r.json()) as { now: string }).now);
	} catch {
		/* no test mode: the real clock */
	}
	return Date.now();
}

/**
 * What an authenticator app shows for this secret at the server's current 30 s step (`ahead` steps
 * later: the server accepts one step of drift, so a user who already used this step signs in again
 * at once with ahead = 1 instead of waiting for the next step).
 */
export async function totpNow(secret: string, opts: { ahead?: number; origin?: string } = {}): Promise<string> {
	const t = await serverNow(opts.origin ?? current?.origin);
	return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(t / 30000) + (opts.ahead ?? 0)), 6);
}

/**
 * Signs in through the form. An organisation account of this worker's server with an enrolled
 * key also passes the second step, its code computed from the key in the database (as its
 * authenticator app would show it), unless `code: false`; staff accounts stop at the code step
 * (their journeys post it themselves), as does a refused password.
 */
export async function login(page: Page, email: string, password: string, prefix = '', opts: { code?: boolean } = {}) {
	await page.goto(`${prefix}/login`);
	await page.getByLabel(field(prefix ? 'Email address' : '电子邮箱')).fill(email);
	await page.getByLabel(field(prefix ? 'Password' : '密码')).fill(password);
	const app =
		opts.code !== false && current && new URL(page.url()).origin === current.origin
			? (await inDb()).orgSecretOf(current.dbPath, email)
			: null;
	await page.getByRole('button', { name: prefix ? 'Sign in' : '登录', exact: true }).click();
	if (!app) return;
	// on to the code step, or the form answers with an error (wrong password, unconfirmed, throttled)
	const at = await Promise.race([
		page.waitForURL(/\/login\/2fa(\?|$)/).then(
			() => '2fa',
			() => 'gone'
		),
		page
			.getByRole('alert')
			.waitFor()
			.then(
				() => 'refused',
				() => 'gone'
			)
	]);
	if (at === '2fa') await passSecondFactor(page, app.secret, prefix, app.lastStep);
}

/**
 * The code step of a sign-in open in `page`: the code for the server's current 30 s step, or the
 * next step's (the server accepts one step of drift) when this account already used this one
 * (`lastStep`, when known, picks at once). An account that used the next step too (a third
 * sign-in within 30 s) moves the server's clock on one step rather than waiting for it.
 */
export async function passSecondFactor(page: Page, secret: string, prefix = '', lastStep: number | null = null) {
	const at = new URL(page.url()).origin;
	const step = Math.floor((await serverNow(at)) / 30000);
	let first = 0;
	if (lastStep !== null && lastStep >= step) {
		if (lastStep > step)
			await fetch(`${at}/__test/clock`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: at },
				body: JSON.stringify({ advanceMs: 30000 })
			});
		first = 1;
	}
	for (let ahead = first; ahead < 2; ahead++) {
		await page
			.getByLabel(field(prefix ? 'Verification code' : '验证码'))
			.fill(await totpNow(secret, { ahead, origin: at }));
		// the form posts without JavaScript enhancement: a 303 is a pass, a 400 a refused code
		const [answer] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/login/2fa')),
			page.getByRole('button', { name: prefix ? 'Verify' : '验证', exact: true }).click()
		]);
		if (answer.status() === 303) {
			await page.waitForURL((u) => !u.pathname.endsWith('/login/2fa'));
			return;
		}
		await page.waitForLoadState();
	}
	throw new Error('the second factor was refused twice');
}

/**
 * The enrolment page (/login/2fa/setup) open in `page`: adds the shown key to "the app" (computes
 * its code), keeps the recovery codes and continues to where the person was going. Returns the key
 * (base32) and the codes.
 */
export async function enrolAuthenticator(page: Page, prefix = '') {
	const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
	const code = await totpNow(secret, { origin: new URL(page.url()).origin });
	await page.getByLabel(field(prefix ? 'Verification code' : '验证码')).fill(code);
	await page.getByRole('button', { name: prefix ? 'Verify' : '验证', exact: true }).click();
	const list = page.getByTestId('recovery-codes');
	await expect(list).toBeVisible();
	const codes = (await list.locator('code').allTextContents()).map((c) => c.trim());
	await page.getByRole('link', { name: prefix ? /continue/ : /继续/ }).click();
	return { secret, codes };
}

/** A valid 统一社会信用代码 (check character computed). */
export function creditCode(seed: number): string {
	const body = ('91110228' + String(seed).padStart(9, '0')).slice(0, 17);
	return body + creditCodeCheckChar(body)!;
}

/** A field's label, with or without the required marker. */
export function field(text: string): RegExp {
	return new RegExp(`^${text}\\s*\\*?$`);
}

/**
 * The perception survey's skip logic (issue 18) on its last page: "what are you not satisfied
 * with?" is hidden until 总体而言 is answered 不满意, then shown. Returns that question's field.
 */
export async function revealWhyNot(page: Page): Promise<Locator> {
	const whyNot = page.getByLabel(/哪些方面让您不满意/);
	await expect(whyNot).toBeHidden();
	await page
		.getByRole('group', { name: /总体而言/ })
		.getByRole('radio', { name: '不满意', exact: true })
		.check();
	await expect(whyNot).toBeVisible();
	return whyNot;
}
