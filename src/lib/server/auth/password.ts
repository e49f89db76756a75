/**
 * Passwords: argon2id hashes; long passphrases welcome; no composition rules (NIST SP 800-63B);
 * common and guessable passwords refused.
 */
import { hash, verify } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords';
import { PASSWORD_MIN, PASSWORD_MAX } from '../../auth/password-rules';
export { PASSWORD_MIN, PASSWORD_MAX };

/** Algorithm.Argon2id from @node-rs/argon2 (a const enum, so spelt out here). */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

/**
 * Why a new password is refused, or null when it is acceptable. Async: the breached-password list
 * is imported on first use (common-passwords.ts).
 */
export async function checkNewPassword(password: string, email?: string): Promise<PasswordProblem | null> {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return 'too_short';
	if (length > PASSWORD_MAX) return 'too_long';
	if (await isCommonPassword(password)) return 'common';
	if (email) {
		const local = email.toLowerCase().split('@')[0];
		if (local.length >= 4 && password.toLowerCase().includes(local)) return 'contains_email';
	}
	return null;
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
