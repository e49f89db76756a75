// Generated hostile input against every public form and every public JSON endpoint, shared by
// tests/fuzz.e2e.ts (a few hundred inputs in `npm test`) and tests/fuzz.slow.ts (FUZZ_RUNS, 10,000
// in `npm run test:slow`). Properties, for every input:
//   1. no 5xx (and nothing logged as a server error);
//   2. a refused input (4xx) changes no row in any table (rate-limit counters and session last-use
//      aside), read through a read-only connection to the server's own database;
//   3. an HTML answer never contains a hostile string unescaped.
import { expect } from './kit';
import fc from 'fast-check';
import { startServer, type Server } from './harness';
import {
	Visitor,
	Snapshot,
	changed,
	addUserTo,
	signIn,
	registerOrg,
	openSurvey,
	jpeg,
	type Body,
	type Reply
} from './sec-kit';

/** Strings that must never come back raw in an HTML page. */
export const XSS = ['<script>x</script>', '"><img src=x onerror=1>', "'><svg onload=alert(1)>"];

const hostile = fc.constantFrom(
	...XSS,
	'',
	' ',
	'\u0000',
	'\ud800',
	'\u202e\u2066evil',
	'%00%ff',
	'../../etc/passwd',
	"' or 1=1 --",
	'NaN',
	'Infinity',
	'-0',
	'1e309',
	'-1',
	'99999999999999999999999',
	'40.37,116.84',
	'[object Object]',
	'{"a":1}',
	'town:',
	'town:gubeikou',
	'true',
	'yes',
	'on'
);
/** any unicode (lone surrogates included), with hostile strings mixed in */
const anyText = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 60 }),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
	fc
		.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...XSS), fc.string({ maxLength: 10 }))
		.map(([a, x, b]) => a + x + b)
);
/** huge values: over most field limits, and sometimes over the 1 MB form body limit */
// (sized by encoded bytes: past ~10 MB the server's early 413 and connection close can reach the
// client as a bare reset, which says nothing about the app)
const huge = fc
	.tuple(fc.integer({ min: 2_000, max: 1_200_000 }), fc.constantFrom('x', '密', '😀', '<script>x</script>'))
	.map(([n, c]) => c.repeat(Math.max(1, Math.floor(n / encodeURIComponent(c).length))));

/** a field's value: something plausible for the field, or hostile, or any unicode, or huge */
export function value(valid: readonly string[] = []): fc.Arbitrary<string> {
	const parts: fc.WeightedArbitrary<string>[] = [
		{ arbitrary: hostile, weight: 3 },
		{ arbitrary: anyText, weight: 3 },
		{ arbitrary: huge, weight: 1 }
	];
	if (valid.length) parts.push({ arbitrary: fc.constantFrom(...valid), weight: 5 });
	return fc.oneof(...parts);
}

type FieldValue = string | Blob;
const fileValue: fc.Arbitrary<Blob | File> = fc.oneof(
	fc.uint8Array({ maxLength: 300 }).map((b) => new File([b], 'x.jpg', { type: 'image/jpeg' })),
	fc.constantFrom(
		new File([], 'empty.jpg', { type: 'image/jpeg' }),
		new File(['<html><script>x</script></html>'], 'a.html', { type: 'text/html' }),
		new File(['%PDF-1.4\n%%EOF\n'], '<script>x</script>.pdf', { type: 'application/pdf' })
	)
);

export interface Target {
	name: string;
	/** the path posted to (a form action or endpoint) or fetched */
	path: string | fc.Arbitrary<string>;
	method?: 'POST' | 'GET';
	/** field → plausible values (the generator also sends hostile ones) */
	fields?: Record<string, readonly string[]>;
	/** fields taking files, with a real JPEG among the candidates */
	files?: string[];
	visitor?: () => Visitor;
	/** 4xx statuses here may still have written rows (none so far) */
	mayWriteOn4xx?: boolean;
	/** answers before its work is done (forgot-password looks the address up after answering, so
	 *  the answer takes the same time either way): wait this long before the next request */
	settleMs?: number;
}

/** A generated request body for a form target: fields missing, duplicated, of the wrong kind, extra; any encoding. */
function formBody(t: Target, photo: Buffer): fc.Arbitrary<Body> {
	const names = Object.keys(t.fields ?? {});
	const perField = names.map((n) =>
		fc.oneof(
			{ arbitrary: fc.constant([] as [string, FieldValue][]), weight: 1 },
			{ arbitrary: value(t.fields![n]).map((v) => [[n, v]] as [string, FieldValue][]), weight: 6 },
			{
				arbitrary: fc.tuple(value(t.fields![n]), value(t.fields![n])).map(
					([a, b]) =>
						[
							[n, a],
							[n, b]
						] as [string, FieldValue][]
				),
				weight: 1
			},
			{ arbitrary: fileValue.map((f) => [[n, f]] as [string, FieldValue][]), weight: 1 }
		)
	);
	const perFile = (t.files ?? []).map((n) =>
		fc.oneof(
			{ arbitrary: fc.constant([] as [string, FieldValue][]), weight: 1 },
			{
				arbitrary: fc.constant([[n, new File([new Uint8Array(photo)], 'photo.jpg', { type: 'image/jpeg' })]] as [
					string,
					FieldValue
				][]),
				weight: 3
			},
			{ arbitrary: fileValue.map((f) => [[n, f]] as [string, FieldValue][]), weight: 2 },
			{ arbitrary: value().map((v) => [[n, v]] as [string, FieldValue][]), weight: 1 }
		)
	);
	const extra = fc.option(
		fc.tuple(anyText, value()).map(([k, v]) => [[k || 'extra', v]] as [string, FieldValue][]),
		{ nil: [] as [string, FieldValue][] }
	);
	const fields = fc
		.tuple(fc.tuple(...perField, ...perFile), extra)
		.map(([fs, ex]) => [...(fs as [string, FieldValue][][]).flat(), ...ex]);
	const encoded = fc
		.tuple(fields, fc.constantFrom<'urlencoded' | 'multipart'>('urlencoded', 'multipart'))
		.map(([f, encoding]): Body => ({ fields: f, encoding }));
	const broken: fc.Arbitrary<Body> = fc.oneof(
		// multipart that does not parse: truncated, wrong boundary, no boundary, random bytes
		fc.constantFrom<Body>(
			{
				raw: '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated',
				contentType: 'multipart/form-data; boundary=b'
			},
			{
				raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
				contentType: 'multipart/form-data; boundary=y'
			},
			{ raw: 'a=1', contentType: 'multipart/form-data' },
			{
				raw: '--b\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff',
				contentType: 'multipart/form-data; boundary=b'
			},
			{ raw: '', contentType: 'multipart/form-data; boundary=b' },
			{
				raw: Buffer.from([0x61, 0x3d, 0xff, 0xfe, 0xc3, 0x28, 0x26, 0x62, 0x3d, 0xe2, 0x82]),
				contentType: 'application/x-www-form-urlencoded'
			},
			{ raw: '%E4%B8%AD=%ZZ&&&=&a=%', contentType: 'application/x-www-form-urlencoded' },
			{ raw: 'a=1', contentType: 'text/plain' },
			{ raw: '{"category":"litter","lat":40.4}', contentType: 'application/json' },
			{ raw: '{', contentType: 'application/json' },
			{ raw: '<x/>', contentType: 'application/xml' }
		),
		fc
			.uint8Array({ maxLength: 400 })
			.map((b): Body => ({ raw: Buffer.from(b), contentType: 'multipart/form-data; boundary=----b' }))
	);
	return fc.oneof({ arbitrary: encoded, weight: 8 }, { arbitrary: broken, weight: 2 });
}

/** Query strings for GET endpoints: known keys with plausible, hostile and huge values, repeated keys. */
function query(keys: Record<string, readonly string[]>): fc.Arbitrary<string> {
	const names = Object.keys(keys);
	const pair = fc.oneof(
		{
			arbitrary: fc
				.constantFrom(...names)
				.chain((k) => value(keys[k]).map((v) => [k, v.slice(0, 4000)] as [string, string])),
			weight: 5
		},
		{ arbitrary: fc.tuple(anyText, anyText), weight: 1 }
	);
	return fc.array(pair, { maxLength: 6 }).map((ps) => new URLSearchParams(ps).toString());
}

export interface Fixture {
	server: Server;
	photo: Buffer;
	snap: Snapshot;
	targets: Target[];
	stop: () => Promise<void>;
}

/** A harness server (limits raised so refusals come from validation), an org account, a report, an open survey, an API key. */
export async function setUp(): Promise<Fixture> {
	const server = await startFuzzServer();
	try {
		return await prepare(server);
	} catch (e) {
		await server.stop();
		throw e;
	}
}

function startFuzzServer(): Promise<Server> {
	const big = '1000000/3600';
	return startServer({
		env: {
			RATE_LIMIT_REPORT_HOUR: big,
			RATE_LIMIT_REPORT_DAY: big,
			RATE_LIMIT_LOGIN_IP: big,
			RATE_LIMIT_ANON_WRITE: big,
			RATE_LIMIT_SURVEY_IP: big,
			RATE_LIMIT_REGISTER: big,
			RATE_LIMIT_RESET_IP: big,
			RATE_LIMIT_RESET_ACCOUNT: big,
			RATE_LIMIT_OPEN311: big,
			RATE_LIMIT_REPORT_KEY: big,
			RATE_LIMIT_TRACK_LOOKUP: big,
			RATE_LIMIT_REPORT_CODE: big
		}
	});
}

async function prepare(server: Server): Promise<Fixture> {
	const photo = await jpeg();
	const admin = await signIn(server, await addUserTo(server, 'admin'));
	const org = await registerOrg(server, 'school');
	await openSurvey(admin, 'fuzz');
	// an API key for Open311 (shown once on the page)
	const issued = await admin.post('/admin/api-keys?/issue', { name: 'fuzz client' });
	// the action redirects (PRG); the page it leads to shows the key once
	const k = await admin.get(issued.location);
	const apiKey =
		/\b([A-Za-z0-9_-]{24,})\b/.exec(k.text.match(/<(?:code|output|input)[^>]*>([^<]+)</)?.[1] ?? '')?.[1] ?? '';
	// a report to track
	const anon = new Visitor(server.origin);
	const rep = await anon.post('/report', [
		['category', 'litter'],
		['description', 'fuzz fixture: litter by the road'],
		['place', 'town:gubeikou'],
		['confirmNew', '1'],
		['photos', new File([new Uint8Array(photo)], 'p.jpg', { type: 'image/jpeg' })]
	]);
	const code = /\/report\/track\/([^?]+)/.exec(rep.location)?.[1];
	if (!code) throw new Error(`fixture report refused: ${rep.status}`);
	// the reporter's private link, shown once on the confirmation page
	const key = /\/report\/mine\/([A-Za-z0-9_-]{32})/.exec((await anon.get(rep.location)).text)?.[1];
	if (!key) throw new Error('fixture report shows no private link');
	// a respondent who has consented (the survey's page action needs the resume cookie)
	const respondent = new Visitor(server.origin);
	const started = await respondent.post('/surveys/fuzz?/start', { consent: 'yes' });
	if (started.status !== 303) throw new Error(`survey start refused: ${started.status}`);

	const snap = new Snapshot(server.dbPath);
	const def = JSON.parse(snap.query<{ d: string }>("select definition as d from surveys where slug = 'fuzz'")[0].d) as {
		sections: { questions: { code: string; options?: { code: string }[] }[] }[];
	};
	const surveyFields: Record<string, string[]> = { dir: ['next', 'back'] };
	for (const q of def.sections.flatMap((s) => s.questions)) surveyFields[q.code] = (q.options ?? []).map((o) => o.code);
	const towns = snap.query<{ code: string }>('select code from towns').map((t) => t.code);
	const cats = [
		'litter',
		'overflow',
		'illegal_dumping',
		'construction_dumping',
		'water_debris',
		'reservoir_zone',
		'other'
	];
	const slugs = snap.query<{ slug: string }>('select slug from sorting_items limit 20').map((s) => s.slug);
	const email = [org.account.email, 'nobody@example.com', 'a@b'];

	const targets: Target[] = [
		{
			name: 'report',
			path: '/report',
			fields: {
				category: cats,
				description: ['路边有垃圾，请处理', 'x'],
				lat: ['40.37', '40.6', '39.9', '91'],
				lng: ['116.84', '117.1', '116.4', '181'],
				place: ['town:gubeikou', 'town:xx', 'miyun_reservoir', ''],
				contact: ['13800000000', ''],
				confirmNew: ['1', '0']
			},
			files: ['photos']
		},
		{ name: "reporter's page: add photo", path: `/report/mine/${key}?/photo`, files: ['photo'] },
		{ name: "reporter's page: add information", path: `/report/mine/${key}?/info`, fields: { info: ['还有一袋垃圾'] } },
		{
			name: "reporter's page: data request",
			path: `/report/mine/${key}?/rights`,
			fields: { kind: ['access', 'deletion', 'x'], details: ['请给我看我的数据'], contact: ['me@example.com', ''] }
		},
		{
			name: 'report track: lost link',
			path: fc.constantFrom(`/report/track/${code}?/sendcode`, `/report/track/${code}?/redeem`),
			fields: { code: ['123456', 'abc'] }
		},
		{
			name: 'report track: flag',
			path: fc.constantFrom(`/report/track/${code}?/flag`, '/report/track/NOSUCHCODE?/flag'),
			fields: { reason: ['spam'] }
		},
		{
			name: "reporter's page: follow-up",
			path: `/report/mine/${key}?/followup`,
			fields: { fixed: ['yes', 'no'], note: ['还没修好'] }
		},
		{
			name: 'sort: suggest an item',
			path: '/sort?/suggest',
			fields: { name: ['旧手机', 'old phone'], description: ['不知道怎么分'], contact: ['a@example.com', ''] }
		},
		{
			name: 'sort quiz',
			path: '/sort/quiz',
			fields: {
				item: slugs,
				...Object.fromEntries(slugs.slice(0, 3).map((s) => [`a-${s}`, ['recyclable', 'hazardous', 'kitchen', 'other']]))
			}
		},
		{
			name: 'feedback',
			path: '/feedback',
			fields: {
				pageUrl: ['/sort', 'https://evil.example/', '//evil.example'],
				kind: ['broken', 'wrong', 'accessibility', 'other'],
				details: ['页面打不开'],
				contact: ['', 'a@example.com']
			}
		},
		{
			name: 'privacy request',
			path: '/about/privacy/request',
			fields: {
				kind: ['access', 'correction', 'deletion'],
				trackingCode: [code, 'MY000000'],
				details: ['请删除我的信息'],
				contact: ['a@example.com']
			}
		},
		{
			name: 'survey: consent',
			path: '/surveys/fuzz?/start',
			fields: { consent: ['yes', 'no'], invite: ['ABCDEFGHJK', ''] }
		},
		{ name: 'survey: page', path: '/surveys/fuzz?/page', fields: surveyFields, visitor: () => respondent },
		{
			name: 'survey: unknown slug',
			path: fc.constantFrom('/surveys/nope?/start', '/surveys/%3Cscript%3E?/page'),
			fields: { consent: ['yes'] }
		},
		{
			name: 'cells: objection',
			path: '/cells/notices',
			fields: { id: ['1', '0', '-1', '1.5'], reason: ['不符合条件'], contact: ['a@example.com'] }
		},
		{
			name: 'register',
			path: '/register',
			fields: {
				orgName: ['某某学校'],
				orgType: ['school', 'hotel', 'park'],
				town: towns,
				creditCode: ['91110228000000001X', '911102280000000000'],
				contactName: ['张三'],
				contactPhone: ['010-69012345'],
				email: [...email, `n${Date.now()}@example.com`],
				password: ['no six small items unasked', 'short']
			}
		},
		{
			name: 'login',
			path: fc.constantFrom('/login', '/en/login', '/login?next=//evil.example', '/login?next=%3Cscript%3E'),
			fields: { email, password: ['wrong password here', org.account.password] }
		},
		{ name: 'login: second factor without a session', path: '/login/2fa', fields: { code: ['123456', 'ABCD-EFGH'] } },
		{ name: 'forgot password', path: '/login/forgot', fields: { email }, settleMs: 100 },
		{
			name: 'reset password',
			path: fc.constantFrom('/login/reset/abc', '/login/reset/%3Cscript%3E', `/login/reset/${'a'.repeat(64)}`),
			fields: { password: ['a new long passphrase'] }
		},
		{
			name: 'accept an invitation',
			path: fc.constantFrom('/invite/abc', `/invite/${'b'.repeat(40)}`),
			fields: { displayName: ['李四'], password: ['a new long passphrase'] }
		},
		{
			name: 'display preferences',
			path: '/prefs',
			fields: {
				toggle: ['text', 'contrast'],
				back: ['/sort', '//evil.example', 'https://evil.example', 'javascript:alert(1)']
			}
		},
		{ name: 'sign out', path: '/logout', fields: {} },
		{
			name: 'unknown action',
			path: fc.constantFrom('/report?/nope', '/sort?/', '/feedback?/default&x=1', '/notices?/x'),
			fields: { a: ['1'] }
		},
		{
			name: 'open311 POST',
			path: fc.constantFrom('/open311/v2/requests.json', '/open311/v2/requests.xml', '/open311/v2/services.json'),
			fields: {
				api_key: [apiKey, 'nokey'],
				service_code: cats,
				lat: ['40.37', '0'],
				long: ['116.84', '0'],
				description: ['litter'],
				email: ['a@example.com'],
				first_name: ['张'],
				media_url: ['http://127.0.0.1:9/x.jpg']
			}
		},
		// GET endpoints: a refused query changes nothing either (no GET writes)
		{
			name: 'GET /api/sort/search',
			method: 'GET',
			path: query({ q: ['电池', 'battery', ''], lang: ['en', 'zh-CN'] }).map((q) => `/api/sort/search?${q}`)
		},
		{ name: 'GET /api/sort/index', method: 'GET', path: query({ v: ['1'] }).map((q) => `/api/sort/index?${q}`) },
		{
			name: 'GET /api/points',
			method: 'GET',
			path: query({
				type: ['recyclables', 'x'],
				material: ['paper'],
				town: towns,
				near: ['40.37,116.84', '91,0'],
				from: towns,
				limit: ['5', '-1', '1e9'],
				open: ['1']
			}).map((q) => `/api/points?${q}`)
		},
		{
			name: 'GET /api/reports/stats',
			method: 'GET',
			path: query({ from: ['2025-01-01', '2025-13-40'], to: ['2025-12-31', 'x'] }).map((q) => `/api/reports/stats?${q}`)
		},
		{
			name: 'GET /api/indicators',
			method: 'GET',
			path: fc
				.tuple(
					fc.constantFrom(
						'/api/indicators',
						'/api/indicators/1',
						'/api/indicators/57',
						'/api/indicators/0',
						'/api/indicators/99999999999999999999',
						'/api/indicators/perception'
					),
					query({ plan: ['1', 'x'], survey: ['fuzz', 'nope'] })
				)
				.map(([p, q]) => `${p}?${q}`)
		},
		{
			name: 'GET /open311',
			method: 'GET',
			path: fc
				.tuple(
					fc.constantFrom(
						'/open311/discovery.json',
						'/open311/v2/services.xml',
						'/open311/v2/services/litter.json',
						'/open311/v2/services/%3Cx%3E.xml',
						'/open311/v2/requests.json',
						'/open311/v2/requests.xml',
						`/open311/v2/requests/${code}.json`,
						'/open311/v2/requests/%E4%B8%AD.json',
						'/open311/v2/requests/%ZZ.json'
					),
					query({
						service_code: cats,
						status: ['open', 'closed', 'x'],
						start_date: ['2025-01-01T00:00:00Z', 'x'],
						end_date: ['2030-01-01'],
						service_request_id: [code]
					})
				)
				.map(([p, q]) => `${p}?${q}`)
		},
		{
			name: 'GET /cells/verify/[token].json',
			method: 'GET',
			path: fc
				.oneof(anyText, hostile)
				.map(
					(t) =>
						`/cells/verify/${encodeURIComponent(t.slice(0, 200).replace(/[\ud800-\udfff]/g, '\ufffd')) || 'x'}.json`
				)
		},
		{
			name: 'GET public pages with hostile queries',
			method: 'GET',
			path: fc
				.tuple(
					fc.constantFrom(
						'/sort',
						'/points',
						'/reports',
						'/report',
						'/report/track',
						'/notices',
						'/feedback',
						'/indicators',
						'/about/privacy/request',
						'/surveys/fuzz',
						'/en/sort',
						'/sort/item/%3Cscript%3E',
						'/sort/category/x'
					),
					query({
						q: ['电池'],
						code: [code],
						ref: ['R-1'],
						page: ['/sort', '<script>x</script>'],
						place: ['town:gubeikou'],
						category: cats,
						town: towns,
						type: ['recyclables']
					})
				)
				.map(([p, q]) => `${p}?${q}`)
		}
	];
	return {
		server,
		photo,
		snap,
		targets,
		stop: async () => {
			snap.close();
			await server.stop();
		}
	};
}

export type Tally = { inputs: number; byStatus: Record<number, number> };

/** Runs `runs` generated requests against one target, asserting the three properties on each. */
export async function fuzzTarget(fx: Fixture, t: Target, runs: number, tally: Tally, seed?: number): Promise<void> {
	const photo = fx.photo;
	const path = typeof t.path === 'string' ? fc.constant(t.path) : t.path;
	const body = t.method === 'GET' ? fc.constant(undefined) : formBody(t, photo);
	const accept = fc.constantFrom<Record<string, string>>(
		{},
		{ accept: 'application/json', 'x-sveltekit-action': 'true' },
		{ 'accept-language': 'en' }
	);
	const out = await fc.check(
		fc.asyncProperty(path, body, accept, async (p, b, headers) => {
			const v = t.visitor?.() ?? new Visitor(fx.server.origin, '127.0.0.1');
			const errBefore = fx.server.stderr().length;
			const before = fx.snap.take();
			let r: Reply;
			const started = Date.now();
			if (process.env.FUZZ_TRACE)
				process.stdout.write(
					`> ${t.name} ${p.slice(0, 60)} ${JSON.stringify(b, (_, v) => (typeof v === 'string' ? (v.length > 60 ? `${v.slice(0, 30)}…${v.length}` : v) : v instanceof Blob ? `[file ${v.size} ${v.type}]` : v))?.slice(0, 600)}\n`
				);
			try {
				r = await v.request(p, { method: t.method ?? 'POST', body: b, headers });
			} catch (e) {
				throw new Error(`${t.name}: request failed (${(e as Error).message}); server alive: ${await alive(fx.server)}`);
			}
			// a form post made by SvelteKit's own script (x-sveltekit-action) is answered 200 with the
			// outcome in the body: {"type":"failure","status":400} is a refusal like a 400
			if (
				r.status === 200 &&
				headers['x-sveltekit-action'] &&
				String(r.headers['content-type']).startsWith('application/json')
			) {
				const j = JSON.parse(r.text) as { type?: string; status?: number };
				if ((j.type === 'failure' || j.type === 'error') && j.status) r = { ...r, status: j.status };
			}
			tally.inputs++;
			if (process.env.FUZZ_TRACE)
				console.log(
					`${Date.now() - started}ms ${t.name} ${p.slice(0, 80)} ${b && 'raw' in b ? 'raw' : b ? (b.encoding ?? '') + ' ' + b.fields.map(([k, v]) => `${k.slice(0, 10)}:${typeof v === 'string' ? v.length : 'file'}`).join(',') : ''} → ${r.status}`
				);
			tally.byStatus[r.status] = (tally.byStatus[r.status] ?? 0) + 1;
			const what = `${t.name} ${p} → ${r.status}`;
			expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
			expect(fx.server.stderr().slice(errBefore), `${what}: server logged an error`).not.toContain('[error]');
			if (r.status >= 400 && !t.mayWriteOn4xx)
				expect(changed(before, fx.snap.take()), `${what}: a refused request wrote`).toEqual([]);
			if (t.method === 'GET') expect(changed(before, fx.snap.take()), `${what}: a GET wrote`).toEqual([]);
			if (String(r.headers['content-type'] ?? '').startsWith('text/html'))
				for (const x of XSS) expect(r.text.includes(x), `${what}: ${x} echoed raw`).toBe(false);
			if (t.settleMs) await new Promise((done) => setTimeout(done, t.settleMs));
		}),
		{ numRuns: runs, seed, endOnFailure: true }
	);
	if (out.failed) {
		// the counterexample may hold megabytes: report it cut short, with the seed to replay it
		const example = JSON.stringify(out.counterexample, (_, v) =>
			typeof v === 'string' && v.length > 200
				? `${v.slice(0, 200)}…(${v.length} chars)`
				: v instanceof Blob
					? `[file ${v.size} bytes]`
					: v
		);
		const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
		throw new Error(
			`${t.name}: failed after ${out.numRuns} runs (seed ${out.seed}, path ${out.counterexamplePath})\n${cause.slice(0, 1500)}\ninput: ${example.slice(0, 1500)}`
		);
	}
}

async function alive(s: Server): Promise<boolean> {
	try {
		return (await fetch(`${s.origin}/healthz`)).ok;
	} catch {
		return false;
	}
}
