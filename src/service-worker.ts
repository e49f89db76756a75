/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * Offline support for the sorting guide (people sort at the bin, often with poor signal).
 * - the app's built files and static files: cached at install, served from the cache;
 * - the guide's search index and the guide pages (and their data): network first, the last good
 *   copy when offline. Nothing else is cached: no account, staff or form pages;
 * - except the report form (/report), network first, so a visitor who has opened it once can fill
 *   it in with no signal; what they send then waits in IndexedDB ($lib/reports/outbox) and is sent
 *   here on Background Sync, or by the page when it sees the signal return.
 */
import { build, files, version } from '$service-worker';
import { flush, SYNC_TAG } from '$lib/reports/outbox';

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = `assets-${version}`;
const PAGES = 'guide-pages-v1';
const PRECACHE = [...build, ...files];

/** Pages worth keeping for offline use: home, guide, items, categories, quiz, and their data. */
const REPORT_FORM = /^(\/en)?\/report$/;
const GUIDE = /^(\/en)?(\/|\/sort(\/(item|category)\/[a-z0-9-]+)?(\/quiz)?)(\/__data\.json)?$/;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(ASSETS)
			.then((c) => c.addAll(PRECACHE))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) =>
				Promise.all(keys.filter((k) => k.startsWith('assets-') && k !== ASSETS).map((k) => caches.delete(k)))
			)
			.then(() => sw.clients.claim())
	);
});

async function networkFirst(request: Request, key: Request | string): Promise<Response> {
	const cache = await caches.open(PAGES);
	try {
		const response = await fetch(request);
		if (response.ok) await cache.put(key, response.clone());
		return response;
	} catch (e) {
		const hit = (await cache.match(key)) ?? (await cache.match(key, { ignoreSearch: true }));
		if (hit) return hit;
		throw e;
	}
}

sw.addEventListener('fetch', (event) => {
	const req = event.request;
	if (req.method !== 'GET') return;
	const url = new URL(req.url);
	if (url.origin !== sw.location.origin) return;
	if (PRECACHE.includes(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((r) => r ?? fetch(req)));
		return;
	}
	if (url.pathname === '/api/sort/index') {
		event.respondWith(networkFirst(req, url.pathname));
		return;
	}
	if (REPORT_FORM.test(url.pathname) && req.mode === 'navigate') {
		// one copy whatever the QR code's query (place, category)
		event.respondWith(networkFirst(req, url.pathname));
		return;
	}
	if (GUIDE.test(url.pathname)) {
		// keep one copy per page and query (a search results page is worth having offline too)
		event.respondWith(networkFirst(req, url.pathname + url.search));
	}
});

/** Background Sync (Chromium): the signal is back; send what waits and tell open pages. */
sw.addEventListener('sync', (event) => {
	const e = event as ExtendableEvent & { tag: string };
	if (e.tag !== SYNC_TAG) return;
	e.waitUntil(
		flush().then(async () => {
			for (const c of await sw.clients.matchAll({ type: 'window' })) c.postMessage({ type: 'outbox-changed' });
		})
	);
});
