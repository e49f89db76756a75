import { expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
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

/** axe-core on the current page: no serious or critical WCAG 2.1 A/AA violations. */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

type InDb = typeof import('./in-db');
let inDbModule: Promise<InDb> | undefined;
/** tests/in-db.ts, loaded once per worker through tsx (the services import JSON). */
export function inDb(): Promise<InDb> {
	inDbModule ??= import('tsx/esm/api').then(({ tsImport }) => tsImport('./in-db.ts', import.meta.url) as Promise<InDb>);
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
export async function addUser(role: 'admin' | 'staff', department?: string, file = dbPath()) {
	const m = await inDb();
	const u = await m.addStaff(file, role, department, uniqueEmail(role));
	return { email: u.email, password: m.TEST_PASSWORD, secret: u.secret };
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

export async function login(page: Page, email: string, password: string, prefix = '') {
	await page.goto(`${prefix}/login`);
	await page.getByLabel(field(prefix ? 'Email address' : '电子邮箱')).fill(email);
	await page.getByLabel(field(prefix ? 'Password' : '密码')).fill(password);
	await page.getByRole('button', { name: prefix ? 'Sign in' : '登录', exact: true }).click();
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
