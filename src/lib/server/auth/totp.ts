/** TOTP second factor for staff and admin (RFC 6238 via @oslojs/otp: 30 s steps, 6 digits). */
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { nowMs } from '../clock';
import type { DB } from '../db';
import * as secrets from '../secrets';

export const TOTP_ISSUER = 'Miyun Zero-Waste';
const STEP_MS = 30000;

export function newTotpKey(): Uint8Array {
	const key = new Uint8Array(20);
	crypto.getRandomValues(key);
	return key;
}

/** A TOTP key as stored (users.totp_key, sessions.pending_totp_key): sealed with AES-256-GCM. */
export const encodeKey = (db: DB, key: Uint8Array) => secrets.seal(db, key, 'totp');
export const decodeKey = (db: DB, stored: string) => secrets.open(db, stored, 'totp');
export const keyBase32 = (key: Uint8Array) => encodeBase32UpperCaseNoPadding(key);

export function totpUri(email: string, key: Uint8Array): string {
	return createTOTPKeyURI(TOTP_ISSUER, email, key, 30, 6);
}

/** The code an authenticator app shows at instant `ms` (tests play the app with it). */
export function codeAt(key: Uint8Array, ms: number): string {
	return generateHOTP(key, BigInt(Math.floor(ms / STEP_MS)), 6);
}

/**
 * Checks a code against the clock module's "now" (so tests can move time), accepting one step
 * either side for phone clocks that drift. Returns the matching time step, or null. Steps at or
 * before `lastStep` are refused, so a code seen once (over a shoulder, in a log) cannot be replayed.
 */
export function verifyTotpStep(key: Uint8Array, code: string, lastStep: number | null = null): number | null {
	const clean = code.replace(/\s+/g, '');
	if (!/^\d{6}$/.test(clean)) return null;
	const t = nowMs();
	for (const skew of [0, -STEP_MS, STEP_MS]) {
		const step = Math.floor((t + skew) / STEP_MS);
		if (lastStep !== null && step <= lastStep) continue;
		if (codeAt(key, t + skew) === clean) return step;
	}
	return null;
}

export function verifyTotp(key: Uint8Array, code: string): boolean {
	return verifyTotpStep(key, code) !== null;
}
