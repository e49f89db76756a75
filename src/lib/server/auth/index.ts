/** The accounts feature's manifest (what app.ts needs from it; see ../feature.ts). */
import type { Job } from '../scheduler';
import { pruneSessions } from './session';
import { pruneTokens } from './lifecycle';
import { sealAtStart } from './totp-keys';

/** At start: every stored TOTP key sealed under the current secrets key (plain ones migrated). */
export const seed = sealAtStart;

export const jobs: Job[] = [
	{ name: 'sessions.prune', everySeconds: 3600, run: (db) => void pruneSessions(db) },
	{ name: 'account_tokens.prune', everySeconds: 6 * 3600, run: (db) => void pruneTokens(db) }
];
