/**
 * Reports waiting for a signal (tourists at the Great Wall, in the valleys, on the reservoir's edge).
 * A report tapped "send" with no signal is kept in IndexedDB on the phone and sent when the signal
 * returns, by the page (its `online` event) or by the service worker (Background Sync), whichever
 * runs first: an item is claimed inside an IndexedDB transaction before it is sent, so it is sent once.
 *
 * Sending posts the same form fields to the same form action a browser without JavaScript would, with
 * SvelteKit's action header, so the server code is the one the plain form uses: a redirect to
 * /report/track/CODE means it was filed. No signal leaves the item waiting; a refusal by the server
 * marks it failed, and it stays on the phone until the visitor retries or deletes it.
 *
 * Browser-safe and DOM-free (the service worker imports it too). Loaded only when needed.
 */

export type OutboxState = 'waiting' | 'sending' | 'sent' | 'failed';
export type FailReason = 'invalid' | 'limited' | 'server';

export interface OutboxItem {
	id?: number;
	/** the form action the report was filled in on: '/report' or '/en/report' */
	action: string;
	entries: [string, FormDataEntryValue][];
	/** what the list shows: the category's name and the start of the description */
	title: string;
	queuedAt: number;
	state: OutboxState;
	/** when a sender claimed it (a claim older than CLAIM_MS is stale: that sender died) */
	claimedAt?: number;
	code?: string;
	/** the reporter's private page (/report/mine/KEY), kept on this phone once the report is sent */
	mine?: string;
	reason?: FailReason;
}

const DB = 'miyun-report-outbox';
const STORE = 'reports';
const CLAIM_MS = 60_000;
/** The Background Sync tag the service worker listens for. */
export const SYNC_TAG = 'report-outbox';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(DB, 1);
		req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/** Runs `fn` in one transaction and resolves when the transaction has committed. */
async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const t = db.transaction(STORE, mode);
			const req = fn(t.objectStore(STORE));
			t.oncomplete = () => resolve(req ? req.result : (undefined as T));
			t.onerror = () => reject(t.error);
			t.onabort = () => reject(t.error);
		});
	} finally {
		db.close();
	}
}

/** Keeps a report on the phone; resolves to its id. */
export async function add(action: string, form: FormData, title: string): Promise<number> {
	const entries = [...form.entries()].filter(([, v]) => typeof v === 'string' || v.size > 0);
	const item: OutboxItem = { action, entries, title, queuedAt: Date.now(), state: 'waiting' };
	return (await tx('readwrite', (s) => s.add(item))) as number;
}

export async function list(): Promise<OutboxItem[]> {
	return tx('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>);
}

export async function remove(id: number): Promise<void> {
	await tx('readwrite', (s) => s.delete(id));
}

/** A failed report goes back to waiting, to be sent again. */
export async function retry(id: number): Promise<void> {
	await update(id, (it) => (it.state === 'failed' ? { ...it, state: 'waiting', reason: undefined } : it));
}

async function update(id: number, fn: (it: OutboxItem) => OutboxItem | null): Promise<OutboxItem | null> {
	let out: OutboxItem | null = null;
	await tx('readwrite', (s) => {
		const get = s.get(id);
		get.onsuccess = () => {
			const it = get.result as OutboxItem | undefined;
			if (!it) return;
			out = fn(it);
			if (out) s.put(out);
		};
	});
	return out;
}

/** Takes an item for sending, atomically: null when it is not waiting or another sender holds it. */
async function claim(id: number, now: number): Promise<OutboxItem | null> {
	let mine = false;
	const it = await update(id, (x) => {
		const stale = x.state === 'sending' && now - (x.claimedAt ?? 0) > CLAIM_MS;
		if (x.state !== 'waiting' && !stale) return null;
		mine = true;
		return { ...x, state: 'sending', claimedAt: now };
	});
	return mine ? it : null;
}

/** The reporter's private path (/report/mine/KEY, either language) in the confirmation page's HTML. */
export function privatePathIn(html: string): string | null {
	return /(?:\/en)?\/report\/mine\/[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/.exec(html)?.[0] ?? null;
}

/** The tracking code in a redirect to /report/track/CODE (either language). */
export function trackingCode(location: string): string | null {
	return /\/report\/track\/([2-9A-HJ-NP-Z]{8})(?:[?#]|$)/.exec(location)?.[1] ?? null;
}

/**
 * Sends every waiting report. Outcomes per item: filed (state 'sent' with its tracking code), no
 * signal (back to 'waiting'), refused by the server (state 'failed' with a reason; kept).
 * Resolves to how many were sent.
 */
export async function flush(): Promise<number> {
	let sent = 0;
	for (const waiting of await list()) {
		if (waiting.id === undefined) continue;
		const it = await claim(waiting.id, Date.now());
		if (!it) continue;
		const body = new FormData();
		for (const [k, v] of it.entries) body.append(k, v);
		let res: Response;
		try {
			res = await fetch(it.action, {
				method: 'POST',
				body,
				headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
			});
		} catch {
			// still no signal: it waits for the next chance
			await update(it.id!, (x) => ({ ...x, state: 'waiting', claimedAt: undefined }));
			continue;
		}
		const out = (await res.json().catch(() => null)) as { type?: string; location?: string; status?: number } | null;
		const code = out?.type === 'redirect' && out.location ? trackingCode(out.location) : null;
		if (code) {
			sent++;
			// the private key is shown once, on the confirmation page the form would have opened (the
			// server hands it over through a 10-minute cookie): read it now, so the phone keeps it for
			// whenever the reporter looks, hours later perhaps
			let mine: string | undefined;
			try {
				const page = await fetch(out!.location!, { headers: { accept: 'text/html' } });
				mine = privatePathIn(await page.text()) ?? undefined;
			} catch {
				// no signal again: the tracking page still works with the public code
			}
			await update(it.id!, (x) => ({ ...x, state: 'sent', code, mine, entries: [], claimedAt: undefined }));
		} else {
			const status = out?.status ?? res.status;
			const reason: FailReason = status === 429 ? 'limited' : out?.type === 'failure' ? 'invalid' : 'server';
			await update(it.id!, (x) => ({ ...x, state: 'failed', reason, claimedAt: undefined }));
		}
	}
	return sent;
}
