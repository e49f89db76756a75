/**
 * Notifications are rows in the outbox, written in the same transaction as the change that
 * causes them, then delivered by a pluggable sender from the scheduler. The development and test
 * sender (`log`) writes the message to the process log; tests read the rows.
 */
import { and, eq, lte, asc } from 'drizzle-orm';
import type { DB, Tx, Executor } from '../db';
import { outbox } from './schema';
import { now, nowMs } from '../clock';
import { config } from '../config';
import type { Job } from '../scheduler';

export type Channel = 'email' | 'sms' | 'site';
export interface Message {
	channel: Channel;
	recipient: string;
	subject: string;
	body: string;
	/** the same key is never queued twice (e.g. `report:AB12:closed`) */
	dedupeKey?: string;
}
export type OutboxRow = typeof outbox.$inferSelect;

/** A sender delivers one message or throws; it must be safe to retry. */
export type Sender = (m: OutboxRow) => Promise<void>;

/** The recipient as a log line may show it: `*******1234`, `an***@example.org`. */
export function maskRecipient(r: string): string {
	if (r.includes('@')) return r.replace(/^([^@]{1,2})[^@]*@/, '$1***@');
	return r.length > 4 ? '*'.repeat(r.length - 4) + r.slice(-4) : '****';
}

/**
 * What stays of a body once delivered: capability links and keys (any run of 20+ URL-safe
 * characters) and one-time codes (a lone 6-digit number) are removed, so the outbox never holds
 * a usable link after it has done its job.
 */
export function scrubDelivered(body: string): string {
	return body
		.replace(/https?:\/\/\S*[A-Za-z0-9_-]{20,}\S*/g, '[link removed after delivery]')
		.replace(/[A-Za-z0-9_-]{20,}/g, '[removed after delivery]')
		.replace(/(?<![\d-])\d{6}(?![\d-])/g, '[code removed after delivery]');
}

const senders: Record<string, Sender> = {
	// never prints a body (it may hold a link or a code), and masks the recipient
	log: async (m) => {
		console.log(`[outbox] ${m.channel} to ${maskRecipient(m.recipient)}: ${m.subject}`);
	}
};

export function registerSender(name: string, s: Sender): void {
	senders[name] = s;
}

/** Queue a message inside the caller's transaction; returns false when the dedupe key exists. */
export function enqueue(tx: Tx, m: Message): boolean {
	const r = tx
		.insert(outbox)
		.values({ ...m, dedupeKey: m.dedupeKey ?? null, nextAttemptAt: now(), createdAt: now() })
		.onConflictDoNothing({ target: outbox.dedupeKey })
		.run();
	return r.changes === 1;
}

const MAX_ATTEMPTS = 8;

/** Deliver due messages (retrying failures with backoff: 1, 2, 4 … minutes). */
export async function deliverDue(
	db: DB,
	senderName = config.outboxSender,
	batch = 50
): Promise<{ sent: number; failed: number }> {
	const send = senders[senderName];
	if (!send) throw new Error(`No outbox sender named ${senderName}`);
	const due = db
		.select()
		.from(outbox)
		.where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now())))
		.orderBy(asc(outbox.id))
		.limit(batch)
		.all();
	let sent = 0;
	let failed = 0;
	for (const m of due) {
		try {
			await send(m);
			db.update(outbox)
				.set({
					status: 'sent',
					sentAt: now(),
					attempts: m.attempts + 1,
					lastError: null,
					body: scrubDelivered(m.body)
				})
				.where(eq(outbox.id, m.id))
				.run();
			sent++;
		} catch (e) {
			const attempts = m.attempts + 1;
			db.update(outbox)
				.set({
					attempts,
					lastError: String(e).slice(0, 500),
					status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
					nextAttemptAt: new Date(nowMs() + 60000 * 2 ** (attempts - 1))
				})
				.where(eq(outbox.id, m.id))
				.run();
			failed++;
		}
	}
	return { sent, failed };
}

export function listFor(db: Executor, recipient: string): OutboxRow[] {
	return db.select().from(outbox).where(eq(outbox.recipient, recipient)).orderBy(asc(outbox.id)).all();
}

export const jobs: Job[] = [
	{ name: 'outbox.deliver', everySeconds: 30, run: (db) => deliverDue(db).then(() => undefined) }
];
