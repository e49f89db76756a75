// Security headers on every kind of answer the server gives, the hooks' own refusals included:
// plain fetches against the worker server (no browser needed).
import { test, expect, origin, dbPath } from './kit';
import { requestFrom } from './harness';
import { jpeg, postReport, storedReports } from './system';

const STRICT = "default-src 'none'; frame-ancestors 'none'";

function expectBasics(h: Headers | Record<string, string | string[] | undefined>, what: string) {
	const get = (k: string) => (h instanceof Headers ? h.get(k) : ((h[k] as string | undefined) ?? null));
	expect(get('x-content-type-options'), what).toBe('nosniff');
	expect(get('x-frame-options'), what).toBe('DENY');
	expect(get('permissions-policy'), what).toContain('camera=()');
	expect(get('referrer-policy'), what).toBeTruthy();
	// the worker server is plain http: no HSTS (the https case: tests/backup.e2e.ts behind a proxy)
	expect(get('strict-transport-security'), what).toBeNull();
	return get;
}

test('pages keep their own CSP; JSON, XML and files may load nothing and be framed nowhere', async () => {
	const page = await fetch(`${origin()}/`);
	const pageCsp = expectBasics(page.headers, '/')('content-security-policy')!;
	expect(pageCsp).toContain("script-src 'self'");
	expect(pageCsp).toContain("frame-ancestors 'none'");
	expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');

	const code = (await postReport(origin(), await jpeg(), 1)).code!;
	const fileId = storedReports(dbPath()).get(code)![0].fileId;
	for (const p of [
		'/api/sort/search?q=dianchi',
		'/open311/v2/requests.json',
		'/open311/v2/requests.xml',
		'/open311/v2/services.xml',
		'/sitemap.xml',
		`/files/${fileId}`,
		'/files/doesnotexist',
		'/healthz'
	]) {
		const r = await fetch(origin() + p);
		await r.arrayBuffer();
		expect(r.status, p).toBeLessThan(500);
		expectBasics(r.headers, p);
		const csp = r.headers.get('content-security-policy') ?? '';
		// a stored image keeps what a browser's own image viewer needs (img-src 'self', sandboxed)
		if (p === `/files/${fileId}`) for (const d of STRICT.split('; ')) expect(csp, p).toContain(d);
		else expect(csp, p).toBe(STRICT);
	}
});

test("the hooks' own refusals carry the headers: cross-site 403 and oversized 413", async () => {
	const forged = await fetch(`${origin()}/login`, {
		method: 'POST',
		headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
		body: 'email=a%40b.c&password=x'
	});
	expect(forged.status).toBe(403);
	expectBasics(forged.headers, '403');
	expect(forged.headers.get('content-security-policy')).toBe(STRICT);

	// a refusal thrown by a hook (the reserved action name) is answered by SvelteKit's error page
	const reserved = await fetch(`${origin()}/login?/default`, {
		method: 'POST',
		headers: { origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
		body: 'x=1'
	});
	expect(reserved.status).toBe(404);
	expectBasics(reserved.headers, 'reserved action');

	// its own connection: the server answers before reading the body and closes it
	const body = 'x='.padEnd(1024 * 1024 + 10, 'a');
	const big = await requestFrom('127.0.0.1', `${origin()}/feedback`, {
		method: 'POST',
		headers: {
			origin: origin(),
			'content-type': 'application/x-www-form-urlencoded',
			'content-length': String(body.length),
			connection: 'close'
		},
		body
	}).catch(() => null);
	// (TCP may reset the connection before the answer is read; when it is read, it has the headers)
	if (big) {
		expect(big.status).toBe(413);
		expectBasics(big.headers, '413');
	}
});

test("a route's stricter Referrer-Policy wins over the global one", async () => {
	const r = await fetch(`${origin()}/login/reset/${'a'.repeat(52)}`);
	expect(r.status).toBe(200);
	expect(r.headers.get('referrer-policy')).toBe('same-origin');
	expect(r.headers.get('cache-control')).toContain('no-store');
});

test('a 429 says when to come back (Retry-After), even from a route that does not set it', async () => {
	// password-reset requests per address (10 an hour): from an address of its own
	const from = '127.0.0.86';
	let last = { status: 0, headers: {} as Record<string, string | string[] | undefined> };
	for (let i = 0; i < 12; i++)
		last = await requestFrom(from, `${origin()}/login/forgot`, {
			method: 'POST',
			headers: {
				origin: origin(),
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: `email=nobody${i}%40example.com`
		});
	expect(last.status).toBe(429);
	expectBasics(last.headers, '429');
	const wait = Number(last.headers['retry-after']);
	expect(wait).toBeGreaterThan(0);
	expect(wait).toBeLessThanOrEqual(3600);
});
