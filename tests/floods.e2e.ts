// Floods against a private server with the default per-address limits and no test mode (where a
// request cannot name its address): one address is refused with 429 and a localised page while
// another address is served; a burst of survey starts from one address is flagged, never refused.
import { test, expect } from './kit';
import { startServer, type Server } from './harness';
import { Visitor, Snapshot, addUserTo, signIn, registerOrg, openSurvey, jpeg } from './sec-kit';

let server: Server;
let snap: Snapshot;
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(60000);
	server = await startServer();
	snap = new Snapshot(server.dbPath);
});
test.afterAll(async () => {
	snap?.close();
	await server?.stop();
});

async function report(address: string, n: number, headers: Record<string, string> = {}) {
	const photo = await jpeg(64, 48);
	return new Visitor(server.origin, address).request('/report', {
		body: {
			fields: [
				['category', 'litter'],
				['description', `flood test ${n}: bottles by the road`],
				['place', 'town:gubeikou'],
				['confirmNew', '1'],
				['photos', new File([new Uint8Array(photo)], 'p.jpg', { type: 'image/jpeg' })]
			]
		},
		headers
	});
}

test('a flood of reports from one address is refused with 429 after 5 an hour; another address is served', async () => {
	const statuses: number[] = [];
	for (let i = 0; i < 8; i++) statuses.push((await report('127.0.0.2', i)).status);
	expect(statuses).toEqual([303, 303, 303, 303, 303, 429, 429, 429]);
	expect(snap.count('reports')).toBe(5);
	const refused = await report('127.0.0.2', 99);
	expect(refused.status).toBe(429);
	expect(refused.text).toContain('您提交得太频繁了'); // the localised page, not a bare status
	// the journeys' test-mode header naming another address means nothing outside test mode
	expect((await report('127.0.0.2', 98, { 'x-miyun-test-client': '127.0.0.5' })).status).toBe(429);
	const other = await report('127.0.0.3', 100);
	expect(other.status).toBe(303);
	expect(snap.count('reports')).toBe(6);
});

test('failed sign-ins from one address are refused with 429 after 30; another address signs in', async () => {
	test.setTimeout(90000);
	const org = await registerOrg(server, 'school', '127.0.0.4');
	const statuses: number[] = [];
	for (let i = 0; i < 32; i++) {
		// a different account each time, so the per-account lock plays no part
		const r = await new Visitor(server.origin, '127.0.0.5').post('/login', {
			email: `nobody${i}@example.com`,
			password: 'not the password'
		});
		statuses.push(r.status);
	}
	expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
	expect(statuses.slice(30)).toEqual([429, 429]);
	// even the right password is refused from the flooding address, without a session
	const blocked = new Visitor(server.origin, '127.0.0.5');
	const r = await blocked.post('/login', { email: org.account.email, password: org.account.password });
	expect(r.status).toBe(429);
	expect(r.text).toContain('尝试次数过多');
	expect(blocked.cookies.has('session')).toBe(false);
	// a different address signs in normally
	const ok = await new Visitor(server.origin, '127.0.0.6').post('/login', {
		email: org.account.email,
		password: org.account.password
	});
	expect(ok.status).toBe(303);
});

test('survey starts from one address beyond 30 an hour are flagged, not refused', async () => {
	test.setTimeout(90000);
	const admin = await signIn(server, await addUserTo(server, 'admin'), '127.0.0.7');
	const id = await openSurvey(admin, 'flood');
	for (let i = 0; i < 33; i++) {
		const r = await new Visitor(server.origin, '127.0.0.8').post('/surveys/flood?/start', { consent: 'yes' });
		expect(r.status, `start ${i}`).toBe(303);
	}
	const other = await new Visitor(server.origin, '127.0.0.9').post('/surveys/flood?/start', { consent: 'yes' });
	expect(other.status).toBe(303);
	const rows = snap.query<{ flags: string }>('select flags from survey_responses where survey_id = ? order by id', id);
	expect(rows).toHaveLength(34);
	const burst = rows.map((r) => (JSON.parse(r.flags ?? '[]') as string[]).includes('ip_burst'));
	expect(burst).toEqual([...Array(30).fill(false), true, true, true, false]);
});
