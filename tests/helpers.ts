import { expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { creditCodeCheckChar } from '../src/lib/auth/credit-code';

export const DB_PATH = path.resolve('.e2e/miyun.db');
/** The test server's origin (each clone runs its own port: E2E_PORT). */
export const ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 4317}`;

/** axe-core on the current page: no serious or critical WCAG 2.1 A/AA violations. */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

let seq = 0;
/** Creates a staff/admin account through the real CLI, against the server's database. */
export function addUser(role: 'admin' | 'staff', department?: string) {
	const email = `${role}${Date.now()}${seq++}@example.gov.cn`;
	const password = 'a long and private passphrase';
	const args = ['tsx', 'scripts/user-add.ts', '--email', email, '--role', role, '--password', password];
	if (department) args.push('--department', department);
	const out = execFileSync('npx', args, { env: { ...process.env, DATABASE_PATH: DB_PATH }, encoding: 'utf8' });
	const json = JSON.parse(out.trim().split('\n').at(-1)!);
	return { email, password, secret: json.totpSecret as string };
}

/** What an authenticator app shows now for this secret (the server's clock is not moved here). */
export function totpNow(secret: string): string {
	return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30000)), 6);
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
