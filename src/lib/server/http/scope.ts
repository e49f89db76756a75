/**
 * What the server knows about the request being answered, for code far from the request event:
 * whether it arrived over https (the effective protocol: adapter-node's ORIGIN, or PROTOCOL_HEADER
 * behind a proxy), and the longest wait a refusing rate limit asked for (the hooks turn it into
 * `Retry-After`). The hooks open the scope (`within`); outside a request (CLIs, unit tests) the
 * site's ORIGIN decides and nothing is noted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { config } from '../config';

interface Scope {
	secure: boolean;
	retryAfter: number | null;
	userAgent: string | null;
}

const store = new AsyncLocalStorage<Scope>();

/** Runs `fn` as the answer to a request whose URL is `url` (sent by `userAgent`, when known). */
export function within<T>(url: URL, fn: () => T, userAgent: string | null = null): T {
	return store.run({ secure: url.protocol === 'https:', retryAfter: null, userAgent }, fn);
}

/** The User-Agent of the request being answered (outside a request: null). */
export function requestUserAgent(): string | null {
	return store.getStore()?.userAgent ?? null;
}

/** Whether the request being answered came over https (outside a request: whether ORIGIN is https). */
export function requestIsSecure(): boolean {
	return store.getStore()?.secure ?? config.secureCookies;
}

/** A rate limit refused: the client may try again in `seconds` (the longest wait noted wins). */
export function noteRetryAfter(seconds: number): void {
	const s = store.getStore();
	if (s) s.retryAfter = Math.max(s.retryAfter ?? 0, Math.ceil(seconds));
}

/** The wait noted while answering this request, or null. */
export function retryAfter(): number | null {
	return store.getStore()?.retryAfter ?? null;
}
