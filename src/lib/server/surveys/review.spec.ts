import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import * as svc from './service';
import { perceptionDetail } from './indicators';
import { commitImport } from './import';
import { review } from './review';
import { reviewList, tallies } from './results';
import { surveyResponses } from './schema';
import { auditLog } from '../audit/schema';
import { setNow } from '../clock';
import { TOWNS } from '../reference';
import * as dashboard from '../indicators/service';

let t: TestDb;
let adminId: string;
let id: number;
beforeEach(async () => {
	t = createTestDb();
	setNow(new Date('2026-10-12T02:00:00Z'), { freeze: true });
	adminId = (await staff(t.db, { role: 'admin' })).userId;
	const r = svc.create(t.db, adminId, {
		slug: 'perception-2026',
		titleZh: '2026年公众感知调查',
		titleEn: 'Public perception 2026',
		collectorZh: '密云区城管委',
		collectorEn: 'Miyun City Management Commission',
		contact: 'survey@example.gov.cn',
		template: true
	});
	if (!r.ok) throw new Error('create');
	id = r.id;
	svc.transition(t.db, adminId, id, 'open');
	const pop = Object.fromEntries(TOWNS.map((x) => [x.code, 0]));
	svc.setPopulation(t.db, adminId, { ...pop, gulou: 30000 });
});
afterEach(() => t.close());

const HEAD =
	'town,group,age_band,aware_items,actions,attention,aspects.facilities,aspects.cleanliness,aspects.publicity,overall,why_not,recommend,started_at,finished_at';
/** one respondent: `aspects` are the three matrix rows, `minutes` the completion time */
const row = (aspects: [string, string, string], minutes: number, overall = 'satisfied', attention = 'agree') => {
	const start = new Date('2026-10-10T02:00:00Z');
	const end = new Date(start.getTime() + minutes * 60000);
	return `gulou,public,a30_44,leaflet,sorting,${attention},${aspects.join(',')},${overall},,7,${start.toISOString()},${end.toISOString()}`;
};
const ALL_SAT: [string, string, string] = ['satisfied', 'satisfied', 'satisfied'];
const MIXED: [string, string, string] = ['satisfied', 'basic', 'satisfied'];

function load(rows: string[]) {
	expect(commitImport(t.db, { type: 'system' }, id, [HEAD, ...rows].join('\n') + '\n').ok).toBe(true);
	return t.db.select().from(surveyResponses).all();
}

describe('flags need evidence (issue 18)', () => {
	it('identical answers across every matrix flag a response only together with speeding (< ⅓ of the median)', () => {
		// 9 honest respondents at 10 min, all 满意 in the matrix; median 10 min, so under 200 s is fast
		const rs = load([
			...Array(9).fill(row(ALL_SAT, 10)),
			row(ALL_SAT, 3), // all alike and fast: flagged
			row(MIXED, 2) // fast but not alike: speed noted, not flagged
		]);
		const { list, quality } = reviewList(t.db, svc.byId(t.db, id)!);
		expect(quality).toMatchObject({
			responses: 11,
			medianMs: 600000,
			speedBelowMs: 200000,
			flaggedResponses: 1,
			flagged: { uniform_fast: 1 },
			excludedResponses: 0
		});
		expect(list.map((x) => x.publicId)).toEqual([rs[9].publicId]);
		expect(list[0].flags).toEqual(['speed', 'uniform_fast']);
		// flagged is not excluded: all 11 count
		const d = perceptionDetail(t.db)!;
		expect(d.report.indicators[2]).toMatchObject({ n: 11, count: 11 });
	});
	it('a failed attention check still excludes automatically', () => {
		load([...Array(3).fill(row(MIXED, 10)), row(MIXED, 10, 'satisfied', 'disagree')]);
		const d = perceptionDetail(t.db)!;
		expect(d.excluded).toEqual({ attention: 1 });
		expect(d.report.indicators[2].n).toBe(3);
	});
});

describe('staff exclude a flagged response with a reason, and include it again (issue 18)', () => {
	it('exclusion needs a reason, is audited, leaves the figures; re-inclusion is audited and brings it back', () => {
		const rs = load([...Array(9).fill(row(ALL_SAT, 10)), row(ALL_SAT, 2, 'dissatisfied')]);
		const flagged = rs[9].publicId;
		expect(perceptionDetail(t.db)!.report.indicators[2]).toMatchObject({ n: 10, count: 9 });

		expect(review(t.db, adminId, id, flagged, 'exclude', '  ')).toEqual({ ok: false, error: 'reason_missing' });
		expect(review(t.db, adminId, id, flagged, 'exclude', 'x'.repeat(501))).toEqual({
			ok: false,
			error: 'reason_too_long'
		});
		expect(review(t.db, adminId, id, 'no-such-id', 'exclude', 'why')).toEqual({ ok: false, error: 'not_found' });
		expect(review(t.db, adminId, id, flagged, 'include', '')).toEqual({ ok: false, error: 'not_allowed' });
		expect(t.db.select().from(auditLog).where(eq(auditLog.subjectType, 'survey_response')).all()).toHaveLength(0);

		expect(review(t.db, adminId, id, flagged, 'exclude', '2 分钟答完，矩阵全同')).toEqual({ ok: true });
		expect(review(t.db, adminId, id, flagged, 'exclude', 'again')).toEqual({ ok: false, error: 'not_allowed' });
		let d = perceptionDetail(t.db)!;
		expect(d.report.indicators[2]).toMatchObject({ n: 9, count: 9 });
		expect(d).toMatchObject({ excluded: { staff: 1 }, excludedResponses: 1, flaggedResponses: 1 });
		// the indicator pages say how many were flagged and how many left out
		const i56 = dashboard.indicator(t.db, dashboard.getPlan(t.db, 'miyun-2022-2025')!, 56)!;
		expect(i56.latest!.survey).toMatchObject({ flagged: 1, excluded: 1 });
		const s = svc.byId(t.db, id)!;
		expect(tallies(t.db, s, {}).total).toBe(9);
		expect(tallies(t.db, s, { flagged: true }).total).toBe(10);
		expect(reviewList(t.db, s).list[0]).toMatchObject({
			publicId: flagged,
			excludedBy: 'staff',
			reason: '2 分钟答完，矩阵全同'
		});

		expect(review(t.db, adminId, id, flagged, 'include', '')).toEqual({ ok: true });
		d = perceptionDetail(t.db)!;
		expect(d.report.indicators[2]).toMatchObject({ n: 10, count: 9 });
		expect(d.excludedResponses).toBe(0);
		expect(reviewList(t.db, s).list[0]).toMatchObject({ excludedBy: null, reason: null });

		const audit = t.db.select().from(auditLog).where(eq(auditLog.subjectType, 'survey_response')).all();
		expect(audit.map((a) => [a.action, a.subjectId, a.fromState, a.toState, a.actorId, a.note])).toEqual([
			['survey_response.exclude', flagged, 'included', 'excluded', adminId, '2 分钟答完，矩阵全同'],
			['survey_response.include', flagged, 'excluded', 'included', adminId, null]
		]);
	});
	it("another survey's response or a sample one cannot be reviewed", () => {
		const rs = load([row(MIXED, 10)]);
		expect(review(t.db, adminId, id + 1, rs[0].publicId, 'exclude', 'why')).toEqual({
			ok: false,
			error: 'not_found'
		});
		t.db.update(surveyResponses).set({ source: 'sample' }).where(eq(surveyResponses.id, rs[0].id)).run();
		expect(review(t.db, adminId, id, rs[0].publicId, 'exclude', 'why')).toEqual({ ok: false, error: 'not_found' });
	});
});
