/** Builders for tests: accounts with known passwords and TOTP keys. */
import type { DB } from '../db';
import { createStaff, registerOrganisation } from '../auth/accounts';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { users } from '../auth/schema';
import { newTotpKey, encodeKey, keyBase32 } from '../auth/totp';
import { creditCodeCheckChar } from '../../auth/credit-code';

export const TEST_PASSWORD = 'correct horse battery staple';

let n = 0;
export async function staff(db: DB, opts: { role?: 'staff' | 'admin'; department?: string; email?: string } = {}) {
	const email = opts.email ?? `staff${++n}@example.gov.cn`;
	const r = await createStaff(db, {
		email,
		role: opts.role ?? 'staff',
		department: opts.role === 'admin' ? null : (opts.department ?? 'city_management'),
		password: TEST_PASSWORD
	});
	if (!r.ok) throw new Error(`builder staff: ${r.error}`);
	return { ...r, email, key: decodeBase32IgnorePadding(r.totpKey) };
}

/** A valid 统一社会信用代码 built from a counter (check digit computed). */
export function creditCode(seed: number): string {
	const body = ('91110228' + String(seed).padStart(9, '0')).slice(0, 17);
	return body + creditCodeCheckChar(body)!;
}

/**
 * An organisation account as it is once its registration link was followed and its authenticator
 * enrolled: a TOTP key sealed the way createStaff seals staff keys (`totp: false`: an account
 * from before organisation accounts had a second factor, which enrols at its next sign-in).
 */
export async function org(
	db: DB,
	opts: { email?: string; type?: string; town?: string; name?: string; totp?: boolean } = {}
) {
	const seq = ++n;
	const email = opts.email ?? `org${seq}@example.com`;
	const r = await registerOrganisation(
		db,
		{
			orgName: opts.name ?? `测试单位${seq}`,
			orgType: opts.type ?? 'school',
			town: opts.town ?? 'gulou',
			creditCode: creditCode(seq + Math.floor(Math.random() * 1e6)),
			contactName: '张三',
			contactPhone: '13800000000',
			email,
			password: TEST_PASSWORD
		},
		`10.0.0.${seq % 250}`,
		// an account as it is once its registration link was followed
		{ confirmed: true }
	);
	if (!r.ok || !r.userId)
		throw new Error(`builder org: ${r.ok ? 'no user' : `${r.error} ${JSON.stringify(r.fields)}`}`);
	const key = newTotpKey();
	if (opts.totp !== false)
		db.update(users)
			.set({ totpKey: encodeKey(db, key) })
			.where(eq(users.id, r.userId))
			.run();
	return { userId: r.userId, email, ...(opts.totp !== false ? { key, totpKey: keyBase32(key) } : {}) };
}

/** A signed-in user as a route would see it (a real session row, validated). */
export async function sessionUserFor(db: DB, userId: string) {
	const { generateSessionToken, createSession, validateSessionToken } = await import('../auth/session');
	const token = generateSessionToken();
	createSession(db, token, userId, { twoFactorVerified: true });
	return validateSessionToken(db, token).user!;
}
