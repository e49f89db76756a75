/**
 * The stored TOTP keys (enrolled: users.totp_key; offered during enrolment:
 * sessions.pending_totp_key) brought under the database's current secrets key: plain base64 keys
 * written before keys were sealed, and keys sealed under an earlier key (a rotation), are sealed
 * again. Runs at every start (the auth manifest's seed, so no account loses its second factor when
 * the site is upgraded) and from `npm run -s secrets:rotate`.
 */
import { eq, isNotNull } from 'drizzle-orm';
import { decodeBase64 } from '@oslojs/encoding';
import type { DB } from '../db';
import { users, sessions } from './schema';
import * as secrets from '../secrets';

export interface SealCounts {
	/** plain keys sealed for the first time */
	sealed: number;
	/** keys moved from an earlier secrets key to the current one */
	resealed: number;
	/** keys no loaded secrets key opens (a lost key file): left as they are, reported */
	unreadable: number;
}

export function sealAllTotpKeys(db: DB): SealCounts {
	const ring = secrets.keyring(db);
	const counts: SealCounts = { sealed: 0, resealed: 0, unreadable: 0 };
	const next = (stored: string): string | null => {
		if (!secrets.isSealed(stored)) {
			counts.sealed++;
			return secrets.sealWith(ring.current.key, decodeBase64(stored), 'totp');
		}
		if (secrets.sealedKeyId(stored) === ring.current.id) return null;
		const plain = secrets.openWith(ring.all, stored, 'totp');
		if (!plain) {
			counts.unreadable++;
			return null;
		}
		counts.resealed++;
		return secrets.sealWith(ring.current.key, plain, 'totp');
	};
	db.transaction(
		(tx) => {
			for (const u of tx
				.select({ id: users.id, key: users.totpKey })
				.from(users)
				.where(isNotNull(users.totpKey))
				.all()) {
				const v = next(u.key!);
				if (v) tx.update(users).set({ totpKey: v }).where(eq(users.id, u.id)).run();
			}
			for (const s of tx
				.select({ id: sessions.id, key: sessions.pendingTotpKey })
				.from(sessions)
				.where(isNotNull(sessions.pendingTotpKey))
				.all()) {
				const v = next(s.key!);
				if (v) tx.update(sessions).set({ pendingTotpKey: v }).where(eq(sessions.id, s.id)).run();
			}
		},
		{ behavior: 'immediate' }
	);
	return counts;
}

/** The start-up step: seal what is plain or under an old key, and say so in the log. */
export function sealAtStart(db: DB): void {
	const c = sealAllTotpKeys(db);
	if (c.sealed || c.resealed)
		console.log(`[secrets] TOTP keys: ${c.sealed} sealed for the first time, ${c.resealed} moved to the current key`);
	if (c.unreadable)
		console.error(
			`[secrets] ${c.unreadable} TOTP keys cannot be opened with the current secrets key (lost or wrong key file?): those accounts cannot pass the second factor until an admin resets it`
		);
}
