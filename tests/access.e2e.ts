// The access-control matrix: every staff, admin and organisation route (and non-public files, and
// writes) against six visitors — anonymous, organisation A, organisation B, staff of the record's
// department, staff of another department, admin — each cell one exact answer:
//   ok = 200 · login = 303 to /login · 403 · 404 · 303 = a redirect elsewhere than the login page.
// Accounts are made the real way: staff/admin by `user:add` against a private server's database and
// signed in with password + TOTP over HTTP; organisations through /register.
import { test, expect } from './kit';
import Database from 'better-sqlite3';
import { startServer, type Server } from './harness';
import { Visitor, Snapshot, addUserTo, signIn, registerOrg, openSurvey, jpeg } from './sec-kit';

type Expect = 'ok' | 'login' | 403 | 404 | 303;
type Role = 'anon' | 'orgA' | 'orgB' | 'right' | 'wrong' | 'admin';
const ROLES: Role[] = ['anon', 'orgA', 'orgB', 'right', 'wrong', 'admin'];

let server: Server;
let snap: Snapshot;
const visitors = new Map<string, Visitor>();
const fx: Record<string, string> = {};
test.describe.configure({ mode: 'serial' });

/** One row: a request, the department that owns the record ("right"), the expected answer per role. */
type Row = {
	what: string;
	path: () => string;
	post?: () => Record<string, string>;
	dept: () => string;
	expect: Record<Role, Expect>;
};
const row = (
	what: string,
	path: () => string,
	dept: () => string,
	e: Expect[],
	post?: () => Record<string, string>
): Row => ({
	what,
	path,
	dept,
	post,
	expect: Object.fromEntries(ROLES.map((r, i) => [r, e[i]])) as Record<Role, Expect>
});
const any = () => 'education';
const L = 'login';
//                                                                                   anon orgA  orgB  right wrong admin
const MATRIX: Row[] = [
	row('staff home', () => '/admin', any, [L, 403, 403, 'ok', 'ok', 'ok']),
	row('audit log', () => '/admin/audit', any, [L, 403, 403, 403, 403, 'ok']),
	row('security events', () => '/admin/security', any, [L, 403, 403, 403, 403, 'ok']),
	row('holiday calendar', () => '/admin/calendar', any, [L, 403, 403, 403, 403, 'ok']),
	row('API keys', () => '/admin/api-keys', any, [L, 403, 403, 403, 403, 'ok']),
	row('report routing', () => '/admin/routing', any, [L, 403, 403, 403, 403, 'ok']),
	row('users', () => '/admin/users', any, [L, 403, 403, 403, 403, 'ok']),
	row('cell criteria', () => '/admin/cells/criteria', any, [L, 403, 403, 403, 403, 'ok']),
	row('survey population', () => '/admin/surveys/population', any, [L, 403, 403, 403, 403, 'ok']),
	row('site feedback', () => '/admin/feedback', any, [L, 403, 403, 403, 403, 'ok']),
	row('privacy requests', () => '/admin/rights', any, [L, 403, 403, 403, 403, 'ok']),
	row(
		'drop-off points',
		() => '/admin/points',
		() => 'city_management',
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row(
		'points export',
		() => '/admin/points/export',
		() => 'city_management',
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row(
		'one point',
		() => `/admin/points/${fx.point}`,
		() => 'city_management',
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row(
		'sorting guide',
		() => '/admin/sorting',
		() => 'city_management',
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row(
		'surveys',
		() => '/admin/surveys',
		() => 'ecology_environment',
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row(
		'one survey',
		() => `/admin/surveys/${fx.survey}`,
		() => 'ecology_environment',
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row(
		'survey results',
		() => `/admin/surveys/${fx.survey}/results`,
		() => 'ecology_environment',
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row(
		'survey import',
		() => `/admin/surveys/${fx.survey}/import`,
		() => 'ecology_environment',
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row(
		'survey export',
		() => `/admin/surveys/${fx.survey}/export`,
		() => 'ecology_environment',
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row('notices', () => '/admin/notices', any, [L, 403, 403, 'ok', 'ok', 'ok']),
	row('report queue', () => '/admin/reports', any, [L, 403, 403, 'ok', 'ok', 'ok']),
	row(
		'one report',
		() => `/admin/reports/${fx.report}`,
		() => fx.reportDept,
		[L, 403, 403, 'ok', 404, 'ok']
	),
	row('plan', () => '/admin/plan', any, [L, 403, 403, 'ok', 'ok', 'ok']),
	row(
		'record an indicator',
		() => '/admin/plan/indicators/1',
		() => fx.indicatorDept,
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row(
		'update a key task',
		() => '/admin/plan/tasks/1',
		() => fx.taskDept,
		[L, 403, 403, 'ok', 403, 'ok']
	),
	row('cell applications', () => '/admin/cells', any, [L, 403, 403, 'ok', 'ok', 'ok']),
	row(
		'review a hotel application',
		() => `/admin/cells/${fx.app}`,
		() => 'culture_tourism',
		[L, 403, 403, 'ok', 404, 'ok']
	),
	row('own account', () => '/account', any, [L, 'ok', 'ok', 'ok', 'ok', 'ok']),
	row('apply for recognition', () => '/cells/apply', any, [L, 'ok', 'ok', 403, 403, 403]),
	row("organisation A's application", () => `/cells/apply/${fx.app}`, any, [L, 'ok', 404, 403, 403, 403]),
	// submitted: A's section pages send A back to the overview (nothing left to edit)
	row("A's application: a section", () => `/cells/apply/${fx.app}/eligibility`, any, [L, 303, 404, 403, 403, 403]),
	row("A's application: check page", () => `/cells/apply/${fx.app}/check`, any, [L, 'ok', 404, 403, 403, 403]),
	row("A's certificate (not certified)", () => `/cells/apply/${fx.app}/certificate`, any, [L, 404, 404, 404, 404, 404]),
	// files that are not public: unknown and forbidden both answer 404
	row(
		'report photo original',
		() => `/files/${fx.original}`,
		() => fx.reportDept,
		[404, 404, 404, 'ok', 404, 'ok']
	),
	row(
		"A's evidence file",
		() => `/files/${fx.evidence}`,
		() => 'culture_tourism',
		[404, 'ok', 404, 'ok', 404, 'ok']
	),
	row('unpublished notice document', () => `/files/${fx.noticeDoc}`, any, [404, 404, 404, 'ok', 'ok', 'ok']),
	row('public report photo', () => `/files/${fx.photo}`, any, ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
	// writes: the guard answers before anything is read
	row(
		'issue an API key',
		() => '/admin/api-keys?/issue',
		any,
		[L, 403, 403, 403, 403, 'ok'],
		() => ({ name: 'matrix' })
	),
	row(
		'add a routing rule',
		() => '/admin/routing?/add',
		any,
		[L, 403, 403, 403, 403, 'ok'],
		() => ({ category: 'nope' })
	),
	row(
		'create a user',
		() => '/admin/users?/create',
		any,
		[L, 403, 403, 403, 403, 'ok'],
		() => ({ email: 'bad' })
	),
	row(
		'hide a point',
		() => '/admin/points?/visibility',
		() => 'city_management',
		[L, 403, 403, 'ok', 403, 'ok'],
		() => ({ id: '999999' })
	),
	row(
		'open/close a survey',
		() => `/admin/surveys/${fx.survey}?/transition`,
		() => 'ecology_environment',
		[L, 403, 403, 'ok', 403, 'ok'],
		() => ({ action: 'nope' })
	),
	row(
		'transition a report',
		() => `/admin/reports/${fx.report}?/transition`,
		() => fx.reportDept,
		[L, 403, 403, 'ok', 404, 'ok'],
		() => ({ to: 'nope' })
	),
	row(
		'score an application',
		() => `/admin/cells/${fx.app}?/score`,
		() => 'culture_tourism',
		[L, 403, 403, 'ok', 404, 'ok'],
		() => ({})
	),
	row(
		'record an indicator value',
		() => '/admin/plan/indicators/1',
		() => fx.indicatorDept,
		[L, 403, 403, 'ok', 403, 'ok'],
		() => ({ value: 'x' })
	),
	row(
		"save A's section",
		() => `/cells/apply/${fx.app}/eligibility`,
		any,
		[L, 303, 404, 403, 403, 403],
		() => ({ then: 'list' })
	)
];

test.beforeAll(async () => {
	test.setTimeout(120000);
	server = await startServer();
	snap = new Snapshot(server.dbPath);
	const admin = await signIn(server, await addUserTo(server, 'admin'));
	visitors.set('admin', admin);
	visitors.set('anon', new Visitor(server.origin));
	const a = await registerOrg(server, 'hotel');
	const b = await registerOrg(server, 'school');
	visitors.set('orgA', a.visitor);
	visitors.set('orgB', b.visitor);
	// A's hotel application with one evidence file, then moved straight to "submitted" (filling every
	// section is the cells journey's job); reviewers see only submitted applications
	const s = await a.visitor.post('/cells/apply?/start', { type: 'hotel' });
	fx.app = /\/cells\/apply\/(\d+)/.exec(s.location)![1];
	const pdf = new File(['%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'], 'commitment.pdf', {
		type: 'application/pdf'
	});
	const ev = await a.visitor.post(`/cells/apply/${fx.app}/eligibility`, [
		['f_e_commitment', pdf],
		['then', 'list']
	]);
	expect(ev.status).toBeLessThan(500);
	fx.evidence = snap.query<{ id: string }>(
		"select id from files where feature = 'cells' and owner_id = ?",
		fx.app
	)[0].id;
	const rw = new Database(server.dbPath);
	rw.pragma('busy_timeout = 5000');
	rw.prepare("update cell_applications set status = 'submitted' where id = ?").run(Number(fx.app));
	rw.close();
	fx.survey = String(await openSurvey(admin, 'matrix'));
	const photo = await jpeg();
	const r = await new Visitor(server.origin).post('/report', [
		['category', 'litter'],
		['description', 'matrix fixture'],
		['place', 'town:gubeikou'],
		['confirmNew', '1'],
		['photos', new File([new Uint8Array(photo)], 'p.jpg', { type: 'image/jpeg' })]
	]);
	fx.report = /\/report\/track\/([^?]+)/.exec(r.location)![1];
	fx.reportDept = snap.query<{ d: string }>('select department_code as d from reports where code = ?', fx.report)[0].d;
	fx.original = snap.query<{ id: string }>("select id from files where storage_path like 'originals%'")[0].id;
	fx.point = String(snap.query<{ id: number }>('select id from points limit 1')[0].id);
	fx.photo = snap.query<{ id: string }>("select id from files where feature = 'reports'")[0].id;
	fx.indicatorDept = (
		JSON.parse(snap.query<{ r: string }>('select responsible as r from plan_indicators where no = 1')[0].r) as string[]
	)[0];
	fx.taskDept = (
		JSON.parse(snap.query<{ l: string }>('select lead as l from plan_tasks where no = 1')[0].l) as string[]
	)[0];
	const staff = await signIn(server, await addUserTo(server, 'staff', 'education'));
	const n = await staff.post('/admin/notices', [
		['titleZh', '草稿'],
		['titleEn', 'Draft'],
		['bodyZh', '正文'],
		['bodyEn', 'Body'],
		['document', new File(['%PDF-1.4\n%%EOF\n'], 'n.pdf', { type: 'application/pdf' })]
	]);
	expect(n.status).toBe(303);
	fx.noticeDoc = snap.query<{ id: string }>("select id from files where feature = 'notices'")[0].id;
	visitors.set('staff:education', staff);
	// one signed-in staff member per department the matrix needs
	const wrongFor = (d: string) => (d === 'postal' ? 'finance' : 'postal');
	for (const d of new Set(MATRIX.flatMap((m) => [m.dept(), wrongFor(m.dept())]))) {
		if (!visitors.has(`staff:${d}`))
			visitors.set(`staff:${d}`, await signIn(server, await addUserTo(server, 'staff', d)));
	}
	fx.wrong = 'postal';
});

test.afterAll(async () => {
	snap?.close();
	await server?.stop();
});

test('access-control matrix: every staff, admin and organisation route, file and write × six visitors', async () => {
	test.setTimeout(90000);
	const wrongFor = (d: string) => (d === 'postal' ? 'finance' : 'postal');
	const failures: string[] = [];
	let cells = 0;
	for (const m of MATRIX) {
		for (const role of ROLES) {
			const dept = m.dept();
			const v =
				role === 'right'
					? visitors.get(`staff:${dept}`)!
					: role === 'wrong'
						? visitors.get(`staff:${wrongFor(dept)}`)!
						: visitors.get(role)!;
			const r = m.post ? await v.post(m.path(), m.post()) : await v.get(m.path());
			const got: Expect | number =
				r.status === 200 ? 'ok' : r.status === 303 && /\/login\?next=/.test(r.location) ? 'login' : r.status;
			const want = m.expect[role];
			// a write the guard let through answers 200, 303 or its own validation 400: 'ok' covers them
			const pass = got === want || (want === 'ok' && !!m.post && (got === 303 || got === 400));
			if (!pass)
				failures.push(
					`${m.what} (${m.path()}) as ${role}${role === 'right' || role === 'wrong' ? `:${role === 'right' ? dept : wrongFor(dept)}` : ''}: expected ${want}, got ${got}${r.status === 303 ? ` → ${r.location}` : ''}`
				);
			cells++;
		}
	}
	console.log(`access matrix: ${MATRIX.length} rows × ${ROLES.length} roles = ${cells} cells`);
	expect(failures).toEqual([]);
});
