// Shared parts of the security system tests (fuzz, uploads, access, origin, floods): a visitor with
// its own cookie jar leaving from a chosen loopback address, accounts created through the real CLI
// against a harness server's database, HTTP sign-in (password + TOTP), and read-only snapshots of
// that database to prove that a refused request wrote nothing.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { encodeForm, type Server } from './harness';
import { totpNow, addUser, inDb } from './helpers';

export type Reply = { status: number; headers: http.IncomingHttpHeaders; text: string; body: Buffer; location: string };
export type Body =
	| { fields: [string, string | Blob | File][]; encoding?: 'urlencoded' | 'multipart' }
	| { raw: string | Buffer; contentType: string };

/** One visitor: cookies kept between requests, every connection from `address`. */
export class Visitor {
	cookies = new Map<string, string>();
	constructor(
		readonly origin: string,
		readonly address = '127.0.0.1'
	) {}

	async request(
		path: string,
		init: {
			method?: string;
			headers?: Record<string, string>;
			body?: Body;
			origin?: string | null;
			timeoutMs?: number;
		} = {}
	): Promise<Reply> {
		const method = init.method ?? (init.body ? 'POST' : 'GET');
		// what a browser sends (SvelteKit answers a form post without text/html in Accept with JSON)
		const headers: Record<string, string> = {
			accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
			...init.headers
		};
		if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		// a browser on the site itself sends its own origin with every form post
		const origin = init.origin === undefined ? (method === 'GET' ? null : this.origin) : init.origin;
		if (origin) headers.origin = origin;
		let payload: Buffer | undefined;
		if (init.body && 'raw' in init.body) {
			payload = Buffer.isBuffer(init.body.raw) ? init.body.raw : Buffer.from(init.body.raw);
			headers['content-type'] = init.body.contentType;
		} else if (init.body) {
			const multipart = init.body.encoding === 'multipart' || init.body.fields.some(([, v]) => typeof v !== 'string');
			if (multipart) {
				const fd = new FormData();
				for (const [k, v] of init.body.fields) fd.append(k, v as string | Blob);
				const e = await encodeForm(fd);
				payload = e.body;
				headers['content-type'] = e.contentType;
			} else {
				payload = Buffer.from(new URLSearchParams(init.body.fields as [string, string][]).toString());
				headers['content-type'] = 'application/x-www-form-urlencoded';
			}
		}
		if (payload) headers['content-length'] = String(payload.byteLength);
		const url = new URL(path, this.origin);
		const reply = await new Promise<Reply>((resolve, reject) => {
			let settled = false;
			const settle = (f: () => void) => {
				if (!settled) {
					settled = true;
					f();
				}
			};
			const req = http.request(url, { method, headers, localAddress: this.address, agent: false }, (res) => {
				const chunks: Buffer[] = [];
				const done = () => {
					const body = Buffer.concat(chunks);
					settle(() =>
						resolve({
							status: res.statusCode!,
							headers: res.headers,
							body,
							text: body.toString('utf8'),
							location: String(res.headers.location ?? '')
						})
					);
				};
				res.on('data', (d) => chunks.push(d));
				res.on('end', done);
				// the server answered early (413, 403) and closed while the body was still being sent
				res.on('close', done);
				res.on('error', done);
			});
			const timeout = init.timeoutMs ?? 30000;
			req.setTimeout(timeout, () =>
				req.destroy(new Error(`no answer within ${timeout} ms: ${method} ${path.slice(0, 200)}`))
			);
			req.on('error', (e: NodeJS.ErrnoException) => {
				// a reset while sending a large body: the answer may still be being read
				// A body over the form limit (1 MB) is refused from its Content-Length before it is read; the
				// server then closes, and TCP may reset the connection before the client reads the 413.
				// That is a refusal (the checks on stored rows still run); any other reset is a failure.
				const oversize =
					(payload?.byteLength ?? 0) > 1024 * 1024 && !(headers['content-type'] ?? '').startsWith('multipart/');
				if ((e.code === 'EPIPE' || e.code === 'ECONNRESET') && oversize)
					setTimeout(
						() => settle(() => resolve({ status: 413, headers: {}, body: Buffer.alloc(0), text: '', location: '' })),
						500
					);
				else if (e.code === 'EPIPE' || e.code === 'ECONNRESET')
					setTimeout(
						() =>
							settle(() => reject(new Error(`connection closed without an answer: ${method} ${path.slice(0, 200)}`))),
						500
					);
				else settle(() => reject(e));
			});
			if (payload) req.end(payload);
			else req.end();
		});
		for (const c of ([] as string[]).concat(reply.headers['set-cookie'] ?? [])) {
			const [pair, ...attrs] = c.split(';');
			const i = pair.indexOf('=');
			const name = pair.slice(0, i).trim();
			const value = pair.slice(i + 1).trim();
			const expired = attrs.some(
				(a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now())
			);
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return reply;
	}

	get(path: string, headers?: Record<string, string>) {
		return this.request(path, { headers });
	}

	/** A form post as a browser on the site sends it (urlencoded, or multipart when a file is in it). */
	post(
		path: string,
		fields: Record<string, string | Blob> | [string, string | Blob][],
		opts: { encoding?: 'urlencoded' | 'multipart'; origin?: string | null } = {}
	) {
		const list = Array.isArray(fields) ? fields : Object.entries(fields);
		return this.request(path, { method: 'POST', body: { fields: list, encoding: opts.encoding }, origin: opts.origin });
	}
}

let seq = 0;
export type Account = {
	email: string;
	password: string;
	secret?: string;
	role: 'admin' | 'staff' | 'org';
	department?: string;
};

/** A staff or admin account made by the unit tests' builders straight in this server's database. */
export async function addUserTo(server: Server, role: 'admin' | 'staff', department?: string): Promise<Account> {
	const u = await addUser(role, department, server.dbPath);
	return { ...u, role, department };
}

/** Signs in over HTTP as a browser without JavaScript would: the login form, then the TOTP step. */
export async function signIn(server: Server, a: Account, address = '127.0.0.1'): Promise<Visitor> {
	const v = new Visitor(server.origin, address);
	const r = await v.post('/login', { email: a.email, password: a.password });
	if (r.status !== 303)
		throw new Error(
			`sign-in refused (${r.status}) for ${a.email}: ${r.text
				.replace(/<[^>]+>/g, ' ')
				.replace(/\s+/g, ' ')
				.slice(0, 600)}`
		);
	if (a.secret) {
		// a code is good once per 30 s step: if this user already used this step, the next step's
		// code (the server accepts one step of drift) signs in at once, with no waiting
		for (let ahead = 0; ; ahead++) {
			const t = await v.post('/login/2fa', { code: await totpNow(a.secret, { ahead, origin: server.origin }) });
			if (t.status === 303 && /\/admin|\/account/.test(t.location)) break;
			if (ahead >= 1) throw new Error(`TOTP refused (${t.status}) for ${a.email}`);
		}
	}
	return v;
}

/**
 * An organisation account made by the unit tests' builders in this server's database (a
 * registration confirmed by email, issue 16), signed in on the returned visitor from `address`.
 */
export async function registerOrg(
	server: Server,
	type = 'hotel',
	address = '127.0.0.1'
): Promise<{ visitor: Visitor; account: Account; name: string }> {
	const n = seq++;
	const email = `org-${type}-${Date.now()}-${n}@example.com`;
	const name = `测试单位${Date.now() % 1e6}${n}`;
	const m = await inDb();
	const o = await m.addOrg(server.dbPath, email, type, 'gubeikou', name);
	const account: Account = { email, password: m.TEST_PASSWORD, secret: o.secret, role: 'org' };
	return { visitor: await signIn(server, account, address), account, name };
}

/**
 * Tables whose rows change on refused requests by design: the rate-limit counters, session last-use,
 * and the security log (a refused key or code is recorded: issue 16).
 */
export const VOLATILE = new Set(['rate_limits', 'sessions', 'security_events']);

/**
 * Columns the background outbox worker changes after a request has answered (delivery status,
 * attempts, the body scrubbed after sending). A message queued by an earlier, accepted request may
 * be delivered while a later, refused one runs; what the snapshot compares is which messages exist.
 */
const DELIVERY_STATE: Record<string, string> = {
	outbox: 'id, channel, recipient, subject, template, params, locale, dedupe_key, created_at'
};

/** A digest of every table's rows (read-only connection), to compare before and after a request. */
export class Snapshot {
	private db: Database.Database;
	private tables: string[];
	constructor(dbPath: string) {
		this.db = new Database(dbPath, { readonly: true, fileMustExist: true });
		this.tables = (
			this.db
				.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
				.all() as { name: string }[]
		).map((t) => t.name);
	}
	private last: { version: number; ignore: Set<string>; out: Record<string, string> } | null = null;
	/** table → row count and content hash */
	take(ignore: Set<string> = VOLATILE): Record<string, string> {
		// data_version changes whenever another connection (the server) commits: while it stands
		// still, the last digest still holds and the tables need not be read again
		const version = this.db.pragma('data_version', { simple: true }) as number;
		if (this.last && this.last.version === version && this.last.ignore === ignore) return { ...this.last.out };
		const out: Record<string, string> = {};
		for (const t of this.tables) {
			if (ignore.has(t)) continue;
			const rows = this.db
				.prepare(`select ${DELIVERY_STATE[t] ?? '*'} from "${t}"`)
				.raw()
				.all();
			const h = crypto.createHash('sha1');
			for (const r of rows)
				h.update(
					JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? v.toString('hex') : v))
				);
			out[t] = `${rows.length}:${h.digest('hex').slice(0, 12)}`;
		}
		this.last = { version, ignore, out };
		return { ...out };
	}
	count(table: string): number {
		return (this.db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
	}
	query<T>(sql: string, ...args: unknown[]): T[] {
		return this.db.prepare(sql).all(...args) as T[];
	}
	close() {
		this.db.close();
	}
}

/** Tables whose digest differs between two snapshots. */
export function changed(a: Record<string, string>, b: Record<string, string>): string[] {
	return Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);
}

/** Creates a perception survey and opens it, as an admin visitor. */
export async function openSurvey(admin: Visitor, slug: string): Promise<number> {
	const r = await admin.post('/admin/surveys?/create', {
		slug,
		titleZh: '安全测试问卷',
		titleEn: 'Security test survey',
		collectorZh: '密云区生态环境局',
		collectorEn: 'Miyun Ecology and Environment Bureau',
		contact: 'survey@example.gov.cn',
		template: 'perception'
	});
	const id = Number(/\/admin\/surveys\/(\d+)/.exec(r.location)?.[1]);
	if (r.status !== 303 || !id) throw new Error(`survey not created (${r.status}) ${r.text.slice(0, 200)}`);
	const o = await admin.post(`/admin/surveys/${id}?/transition`, { action: 'open' });
	// staff actions redirect after posting (Post/Redirect/Get)
	if (o.status !== 303 && o.status !== 200) throw new Error(`survey not opened (${o.status})`);
	return id;
}

/** A JPEG of one colour (sharp is a dependency of the site). */
export async function jpeg(width = 320, height = 240): Promise<Buffer> {
	const sharp = (await import('sharp')).default;
	return sharp({ create: { width, height, channels: 3, background: '#3a7' } })
		.jpeg()
		.toBuffer();
}

export type RouteInfo = {
	route: string;
	dir: string;
	page: boolean;
	endpoint: boolean;
	actions: string[];
	methods: string[];
};

/** Every route under src/routes (test-only /__test aside), with its form actions and endpoint methods. */
export function listRoutes(root = 'src/routes'): RouteInfo[] {
	const out: RouteInfo[] = [];
	const walk = (dir: string) => {
		const entries = fs.readdirSync(dir, { withFileTypes: true });
		const names = new Set(entries.map((e) => e.name));
		const rel = path.relative(root, dir).split(path.sep).filter(Boolean);
		const route = '/' + rel.join('/');
		const page = names.has('+page.svelte') || names.has('+page.server.ts');
		const endpoint = names.has('+server.ts');
		if ((page || endpoint) && !route.startsWith('/__test')) {
			let actions: string[] = [];
			if (names.has('+page.server.ts')) {
				const src = fs.readFileSync(path.join(dir, '+page.server.ts'), 'utf8');
				const block = src.split('export const actions')[1] ?? '';
				actions = [...block.matchAll(/^\t(\w+): (?:async )?(?:\(event\)|\(\{|\(\)|event =>)/gm)].map((m) => m[1]);
			}
			const methods = endpoint
				? [
						...fs
							.readFileSync(path.join(dir, '+server.ts'), 'utf8')
							.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)
					].map((m) => m[1])
				: [];
			out.push({ route, dir, page, endpoint, actions, methods });
		}
		for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
	};
	walk(root);
	return out;
}

/** A concrete path for a route pattern, each parameter filled from `params` (by name, matcher stripped). */
export function fill(route: string, params: Record<string, string>): string {
	return route.replace(/\[(?:\.\.\.)?(\w+)(?:=\w+)?\]/g, (_, name: string) => {
		if (!(name in params)) throw new Error(`no value for [${name}] in ${route}`);
		return params[name];
	});
}
