/**
 * Passwords: argon2id hashes; long passphrases welcome; no composition rules (NIST SP 800-63B);
 * common and guessable passwords refused.
 */
import { hash, verify } from '@node-rs/argon2';
import common from './common-passwords.json';

const COMMON = new Set<string>(common);
import { PASSWORD_MIN, PASSWORD_MAX } from '../../auth/password-rules';
export { PASSWORD_MIN, PASSWORD_MAX };

/** Algorithm.Argon2id from @node-rs/argon2 (a const enum, so spelt out here). */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

/** Why a new password is refused, or null when it is acceptable. */
export function checkNewPassword(password: string, email?: string): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return 'too_short';
	if (length > PASSWORD_MAX) return 'too_long';
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || COMMON.has(lower.replace(/[!.?1]+$/, ''))) return 'common';
	// one character repeated, or a straight run like 0123456789 / abcdefghij
	if (/^(.)\1+$/.test(password)) return 'common';
	if (isSequence(lower)) return 'common';
	if (email) {
		const local = email.toLowerCase().split('@')[0];
		if (local.length >= 4 && lower.includes(local)) return 'contains_email';
	}
	return null;
}

function isSequence(s: string): boolean {
	if (s.length < 4) return false;
	const step = s.charCodeAt(1) - s.charCodeAt(0);
	if (Math.abs(step) !== 1) return false;
	for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== step) return false;
	return true;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFKC'), OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
	if (password.length > PASSWORD_MAX * 4) return false;
	try {
		return await verify(hashed, password.normalize('NFKC'));
	} catch {
		return false;
	}
}

/** A hash of a random password: verified against for unknown accounts so timing tells nothing. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword('dummy-password-for-unknown-accounts');
	return dummy;
}
