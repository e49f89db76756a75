/**
 * Messages are rows in the outbox, written in the same transaction as the change that causes
 * them. Delivery is attempted right after that transaction commits (`autoDeliver` arms it; the
 * scheduler's tick only catches up after failures and downtime). Senders: SMTP for email and the
 * gateway webhook for SMS when configured (senders.ts), else the process log.
 */
import { and, eq, lte, asc, desc, inArray, gte, sql, lt } from 'drizzle-orm';
import type { DB, Tx, Executor } from '../db';
import { outbox, siteSettings, OUTBOX_STATUSES } from './schema';
import { now, nowMs } from '../clock';
import { config } from '../config';
import type { Job } from '../scheduler';
import * as real from './senders';

export type Channel = 'email' | 'sms' | 'site';
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export interface Message {
	channel: Channel;
	recipient: string;
	subject: string;
	body: string;
	/** the same key is never queued twice (e.g. `report:AB12:closed`) */
	dedupeKey?: string;
	template?: string;
	params?: Record<string, unknown>;
	locale?: string;
}
export type OutboxRow = typeof outbox.$inferSelect;

/** A sender delivers one message or throws (PermanentError: do not retry); it must be safe to retry. */
export type Sender = (m: OutboxRow) => Promise<void>;

export { maskRecipient, scrubDelivered } from './scrub';
import { scrubDelivered } from './scrub';

const senders: Record<string, Sender> = { log: real.log, auto: (m) => real.route(m)(m) };

export function registerSender(name: string, s: Sender): void {
	senders[name] = s;
}

let autoDb: DB | null = null;
let kickQueued = false;
/** Deliver each message right after the transaction that queued it commits (the server calls this once). */
export function autoDeliver(db: DB | null): void {
	autoDb = db;
}

/** Attempt due messages soon, outside the caller's (synchronous) transaction. */
export function kick(): void {
	if (!autoDb || kickQueued) return;
	kickQueued = true;
	setImmediate(() => {
		kickQueued = false;
		if (autoDb) void deliverDue(autoDb).catch((e) => console.error('[outbox] delivery failed:', e));
	});
}

export const CAP_KEY = 'outbox.recipient_cap_per_day';
export const DEFAULT_CAP = 20;

/** Messages one address or number may be sent per 24 hours; beyond it they are cancelled, visibly. */
export function recipientCap(db: Executor): number {
	const r = db.select().from(siteSettings).where(eq(siteSettings.key, CAP_KEY)).get();
	return r ? Number(r.value) : DEFAULT_CAP;
}

export function setRecipientCap(db: Executor, n: number): void {
	db.insert(siteSettings)
		.values({ key: CAP_KEY, value: String(n) })
		.onConflictDoUpdate({ target: siteSettings.key, set: { value: String(n) } })
		.run();
}

/** Queue a message inside the caller's transaction; returns false when the dedupe key exists. */
export function enqueue(tx: Tx, m: Message): boolean {
	const since = new Date(nowMs() - 86400000);
	const recent = tx
		.select({ n: sql<number>`count(*)` })
		.from(outbox)
		.where(and(eq(outbox.recipient, m.recipient), gte(outbox.createdAt, since), eq(outbox.status, 'sent')))
		.get()!.n;
	const queued = tx
		.select({ n: sql<number>`count(*)` })
		.from(outbox)
		.where(
			and(
				eq(outbox.recipient, m.recipient),
				gte(outbox.createdAt, since),
				inArray(outbox.status, ['pending', 'retrying'])
			)
		)
		.get()!.n;
	const capped = m.channel !== 'site' && recent + queued >= recipientCap(tx);
	const r = tx
		.insert(outbox)
		.values({
			channel: m.channel,
			recipient: m.recipient,
			subject: m.subject,
			body: m.body,
			template: m.template ?? null,
			params: m.params ? JSON.stringify(m.params) : null,
			locale: m.locale ?? null,
			dedupeKey: m.dedupeKey ?? null,
			status: capped ? 'cancelled' : 'pending',
			lastError: capped ? 'recipient cap reached' : null,
			nextAttemptAt: now(),
			createdAt: now()
		})
		.onConflictDoNothing({ target: outbox.dedupeKey })
		.run();
	if (r.changes === 1 && !capped) kick();
	return r.changes === 1;
}

export const MAX_ATTEMPTS = 8;
/** minutes before retry n (1-based): 1, 2, 4 … */
const backoffMs = (attempts: number) => 60000 * 2 ** (attempts - 1);

/** Take a due row for this caller alone (a kick and a tick never send the same message twice). */
function claim(db: DB, m: OutboxRow): boolean {
	return (
		db
			.update(outbox)
			.set({ nextAttemptAt: new Date(nowMs() + 5 * 60000) })
			.where(
				and(
					eq(outbox.id, m.id),
					inArray(outbox.status, ['pending', 'retrying']),
					lte(outbox.nextAttemptAt, new Date(m.nextAttemptAt.getTime()))
				)
			)
			.run().changes === 1
	);
}

/**
 * Deliver due messages. A failure marks the message `retrying` with its error at once (backoff 1,
 * 2, 4 … minutes), `failed` after the last try or a permanent refusal; one failing recipient never
 * holds up the others.
 */
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
		.where(and(inArray(outbox.status, ['pending', 'retrying']), lte(outbox.nextAttemptAt, now())))
		.orderBy(asc(outbox.id))
		.limit(batch)
		.all();
	let sent = 0;
	let failed = 0;
	await Promise.all(
		due.map(async (m) => {
			if (!claim(db, m)) return;
			try {
				await send(m);
				rememberForTests(m);
				db.update(outbox)
					.set({
						status: 'sent',
						sentAt: now(),
						attempts: m.attempts + 1,
						lastError: null,
						// a delivered message holds no usable link, key or code (issue 16)
						body: scrubDelivered(m.body),
						params: m.params ? scrubDelivered(m.params) : m.params
					})
					.where(eq(outbox.id, m.id))
					.run();
				sent++;
			} catch (e) {
				const attempts = m.attempts + 1;
				const final = attempts >= MAX_ATTEMPTS || e instanceof real.PermanentError;
				db.update(outbox)
					.set({
						attempts,
						lastError: (e instanceof Error ? e.message : String(e)).slice(0, 500),
						status: final ? 'failed' : 'retrying',
						nextAttemptAt: new Date(nowMs() + backoffMs(attempts))
					})
					.where(eq(outbox.id, m.id))
					.run();
				failed++;
			}
		})
	);
	return { sent, failed };
}

/**
 * Test mode only: what was delivered, as sent (the stored row is scrubbed of links once delivered),
 * so journeys can follow an emailed link as the recipient would. Bounded; never kept in production.
 */
const deliveredForTests = new Map<number, string>();
function rememberForTests(m: OutboxRow): void {
	if (!config.testMode) return;
	deliveredForTests.set(m.id, m.body);
	if (deliveredForTests.size > 5000) deliveredForTests.delete(deliveredForTests.keys().next().value!);
}
export function deliveredBody(id: number): string | undefined {
	return config.testMode ? deliveredForTests.get(id) : undefined;
}

export function listFor(db: Executor, recipient: string): OutboxRow[] {
	return db.select().from(outbox).where(eq(outbox.recipient, recipient)).orderBy(asc(outbox.id)).all();
}

// ---------- the admin's outbox page ----------

export function list(db: Executor, status?: string, limit = 200): OutboxRow[] {
	const s = (OUTBOX_STATUSES as readonly string[]).includes(status ?? '') ? (status as OutboxStatus) : undefined;
	return db
		.select()
		.from(outbox)
		.where(s ? eq(outbox.status, s) : undefined)
		.orderBy(desc(outbox.id))
		.limit(limit)
		.all();
}

/** Counts per channel and status: `{ email: { sent: 3, retrying: 1 }, … }`. */
export function counts(db: Executor): Record<string, Record<string, number>> {
	const rows = db
		.select({ channel: outbox.channel, status: outbox.status, n: sql<number>`count(*)` })
		.from(outbox)
		.groupBy(outbox.channel, outbox.status)
		.all();
	const out: Record<string, Record<string, number>> = {};
	for (const r of rows) (out[r.channel] ??= {})[r.status] = r.n;
	return out;
}

/** Try again now (retrying, failed or cancelled messages). */
export function retry(db: DB, id: number): boolean {
	const ok =
		db
			.update(outbox)
			.set({ status: 'pending', nextAttemptAt: now() })
			.where(and(eq(outbox.id, id), inArray(outbox.status, ['retrying', 'failed', 'cancelled', 'pending'])))
			.run().changes === 1;
	if (ok) kick();
	return ok;
}

export function cancel(db: DB, id: number): boolean {
	return (
		db
			.update(outbox)
			.set({ status: 'cancelled' })
			.where(and(eq(outbox.id, id), inArray(outbox.status, ['pending', 'retrying', 'failed'])))
			.run().changes === 1
	);
}

export const BODY_DAYS = 30;

/** Delivered messages keep who and when, not what: bodies and parameters go after 30 days. */
export function pruneBodies(db: DB): number {
	return db
		.update(outbox)
		.set({ body: '', params: null })
		.where(
			and(
				eq(outbox.status, 'sent'),
				lt(outbox.sentAt, new Date(nowMs() - BODY_DAYS * 86400000)),
				sql`${outbox.body} <> ''`
			)
		)
		.run().changes;
}

export const jobs: Job[] = [
	{ name: 'outbox.deliver', everySeconds: 30, run: (db) => deliverDue(db).then(() => undefined) },
	{ name: 'outbox.prune_bodies', everySeconds: 86400, run: (db) => void pruneBodies(db) }
];
