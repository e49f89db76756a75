/**
 * The second step of a staff sign-in: a TOTP code, or a recovery code (single use). Guesses are
 * counted per account before the check in one atomic statement and given back on success, so
 * simultaneous guesses cannot slip past a read. Outcomes: `totp` or `recovery` (which one
 * verified), `invalid` (a `totp.failed` event), `throttled` with the seconds to wait (a
 * `login.throttled` event).
 */
import type { DB } from '../db';
import * as rateLimit from '../rate-limit';
import * as security from '../security';
import { config } from '../config';
import { checkTotp } from './accounts';
import { useRecoveryCode } from './lifecycle';

export type SecondFactorOutcome =
	| { ok: true; via: 'totp' | 'recovery' }
	| { ok: false; error: 'invalid' }
	| { ok: false; error: 'throttled'; retryAfter: number };

export function verifySecondFactor(db: DB, userId: string, raw: string, ip: string | null): SecondFactorOutcome {
	const key = `totp:acct:${userId}`;
	const lim = rateLimit.hit(db, key, config.limitLoginAccount);
	if (!lim.ok) {
		security.record(db, 'login.throttled', { user: userId, ip, detail: { via: 'second_factor' } });
		return { ok: false, error: 'throttled', retryAfter: lim.retryAfter };
	}
	const code = raw.slice(0, 64);
	// six digits are a TOTP code; anything else is tried as a recovery code (single use)
	const isTotp = /^\d{6}$/.test(code.replace(/\s+/g, ''));
	const good = isTotp ? checkTotp(db, userId, code) : useRecoveryCode(db, userId, code);
	if (!good) {
		security.record(db, 'totp.failed', { user: userId, ip, detail: { via: isTotp ? 'totp' : 'recovery' } });
		return { ok: false, error: 'invalid' };
	}
	rateLimit.reset(db, key);
	security.record(db, isTotp ? 'totp.ok' : 'recovery.used', { user: userId, ip });
	return { ok: true, via: isTotp ? 'totp' : 'recovery' };
}
