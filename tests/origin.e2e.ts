// Cross-site requests: every write (each form action of every page, each POST endpoint, found by
// listing src/routes) refuses a form post and a JSON post from another origin with 403, even with
// a signed-in admin's or organisation's cookies, and writes nothing. And no GET changes state:
// every route is fetched, anonymously and as admin, against a database snapshot.
import { test, expect } from './kit';
import { startServer, type Server } from './harness';
import {
	Visitor,
	Snapshot,
	changed,
	addUserTo,
	signIn,
	registerOrg,
	openSurvey,
	listRoutes,
	fill,
	jpeg,
	type RouteInfo
} from './sec-kit';

let server: Server;
let snap: Snapshot;
let admin: Visitor;
let org: Visitor;
let params: Record<string, string>;
const routes = listRoutes();
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(90000);
	server = await startServer();
	snap = new Snapshot(server.dbPath);
	admin = await signIn(server, await addUserTo(server, 'admin'));
	const o = await registerOrg(server, 'hotel');
	org = o.visitor;
	const s = await org.post('/cells/apply?/start', { type: 'hotel' });
	const appId = /\/cells\/apply\/(\d+)/.exec(s.location)![1];
	const surveyId = await openSurvey(admin, 'origin');
	const photo = await jpeg();
	const r = await new Visitor(server.origin).post('/report', [
		['category', 'litter'],
		['description', 'origin test fixture'],
		['place', 'town:gubeikou'],
		['confirmNew', '1'],
		['photos', new File([new Uint8Array(photo)], 'p.jpg', { type: 'image/jpeg' })]
	]);
	const code = /\/report\/track\/([^?]+)/.exec(r.location)![1];
	const fileId = snap.query<{ id: string }>('select id from files limit 1')[0].id;
	params = {
		id: appId,
		code,
		no: '1',
		vid: '1',
		token: 'nosuchtoken',
		// a well-formed private key that opens nothing
		key: 'A'.repeat(32),
		slug: 'origin',
		section: 'eligibility',
		path: 'v2/requests.json'
	};
	// routes whose [id] is not an application
	params.__survey = String(surveyId);
	params.__file = fileId;
});
test.afterAll(async () => {
	snap?.close();
	await server?.stop();
});

function pathOf(r: RouteInfo): string {
	if (r.route.startsWith('/admin/surveys/[id]')) return fill(r.route, { ...params, id: params.__survey });
	if (r.route === '/files/[id]') return fill(r.route, { id: params.__file });
	if (r.route.startsWith('/admin/points/[id]') || r.route.startsWith('/points/[id]'))
		return fill(r.route, { ...params, id: '1' });
	if (r.route === '/sort/item/[slug]') return '/sort/item/battery';
	if (r.route === '/sort/category/[code]') return '/sort/category/hazardous';
	return fill(r.route, params);
}

/** Every write: each action of each page, each POST/PUT/PATCH/DELETE endpoint. */
function writes(): { path: string; who: Visitor | null }[] {
	const out: { path: string; who: Visitor | null }[] = [];
	for (const r of routes) {
		const who = r.route.startsWith('/admin')
			? admin
			: r.route.startsWith('/cells/apply') || r.route === '/account'
				? org
				: null;
		for (const a of r.actions) out.push({ path: a === 'default' ? pathOf(r) : `${pathOf(r)}?/${a}`, who });
		for (const m of r.methods) if (m !== 'GET') out.push({ path: pathOf(r), who });
	}
	return out;
}

test('every write refuses a cross-site form post and a cross-site JSON post with 403, and writes nothing', async () => {
	test.setTimeout(90000);
	const list = writes();
	expect(list.length).toBeGreaterThan(60);
	const evil = 'https://evil.example';
	let checked = 0;
	for (const w of list) {
		// Open311's POST is the one documented exception: servers post without Origin, authenticated by API key
		const exempt = /^\/open311\/v2\/requests\.(json|xml)$/.test(w.path);
		const v = w.who ?? new Visitor(server.origin);
		const before = snap.take();
		const form = await v.post(
			w.path,
			{
				title: 'x',
				name: 'x',
				email: 'a@example.com',
				password: 'a long passphrase here',
				consent: 'yes',
				toggle: 'text'
			},
			{ origin: evil }
		);
		const jsonPost = await v.request(w.path, {
			method: 'POST',
			origin: evil,
			body: { raw: JSON.stringify({ name: 'x', consent: 'yes' }), contentType: 'application/json' }
		});
		// a form post with no Origin at all (an old browser, a script): also refused
		const bare = await v.post(w.path, { name: 'x' }, { origin: null });
		if (exempt) {
			expect(form.status, w.path).toBeGreaterThanOrEqual(400); // no API key, unknown fields
			expect(form.status, w.path).toBeLessThan(500);
			expect(changed(before, snap.take()), `${w.path}: written`).toEqual([]);
			continue;
		}
		expect([form.status, jsonPost.status, bare.status], w.path).toEqual([403, 403, 403]);
		expect(changed(before, snap.take()), `${w.path}: written`).toEqual([]);
		checked++;
	}
	console.log(`origin: ${checked} write endpoints refused cross-site form and JSON posts`);
});

test('no GET changes state: every route, anonymous and as admin', async () => {
	test.setTimeout(90000);
	const gets = routes.filter((r) => r.page || r.methods.includes('GET')).map(pathOf);
	expect(gets.length).toBeGreaterThan(70);
	for (const who of [new Visitor(server.origin), admin, org]) {
		const before = snap.take();
		for (const p of gets) {
			const r = await who.get(p);
			expect(r.status, p).toBeLessThan(500);
		}
		expect(changed(before, snap.take())).toEqual([]);
	}
	console.log(`origin: ${gets.length} routes fetched by 3 visitors, no state change`);
});
