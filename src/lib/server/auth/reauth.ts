/**
 * Re-authentication: the current password asked again on /account before the password, the
 * sign-in email or the recovery codes change. One limit for all three, per account (the person is
 * signed in already), checked and counted in one atomic statement before the slow argon2 check and
 * given back on success — so simultaneous guesses cannot slip past a read. Each wrong password is
 * a `login.failed` security event (via current_password), each refused attempt `login.throttled`.
 */
import { eq } from 'drizzle-orm';
import type { DB } from '../db';
import { users } from './schema';
import { verifyPassword } from './password';
import * as rateLimit from '../rate-limit';
import * as security from '../security';
import { config } from '../config';

export type ReauthOutcome =
	{ ok: true } | { ok: false; error: 'wrong_password' } | { ok: false; error: 'throttled'; retryAfter: number };

export async function checkCurrentPassword(
	db: DB,
	userId: string,
	password: string,
	ip: string | null = null
): Promise<ReauthOutcome> {
	const key = `pwcheck:acct:${userId}`;
	const lim = rateLimit.hit(db, key, config.limitLoginAccount);
	if (!lim.ok) {
		security.record(db, 'login.throttled', { user: userId, ip, detail: { via: 'current_password' } });
		return { ok: false, error: 'throttled', retryAfter: lim.retryAfter };
	}
	const user = db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
	if (!user || !(await verifyPassword(user.hash, password))) {
		security.record(db, 'login.failed', { user: userId, ip, detail: { via: 'current_password' } });
		return { ok: false, error: 'wrong_password' };
	}
	rateLimit.reset(db, key);
	return { ok: true };
}
