import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, sessionUserFor } from '../testing/builders';
import { setNow } from '../clock';
import * as plan from './service';
import * as reportsSvc from '../reports/service';
import { auditLog } from '../audit/schema';
import { indicatorValues } from './schema';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-27T02:00:00Z'), { freeze: true }); // Fri 27 Nov 2026, 10:00 Beijing
});
afterEach(() => t.close());

const PLAN = 'miyun-2022-2025';
const input = (o: Partial<plan.ValueInput> = {}): plan.ValueInput => ({
	value: 36.2,
	valueText: null,
	achieved: null,
	asOf: '2025-12-31',
	periodFrom: '2025-01-01',
	periodTo: '2025-12-31',
	source: '区城管委 2025 年统计',
	correctsId: null,
	correctionReason: null,
	document: null,
	...o
});
const get = (no: number) => plan.indicator(t.db, plan.getPlan(t.db, PLAN)!, no)!;

describe('which plan a visitor sees', () => {
	it('late 2026 with only the 2022–2025 plan: that plan, as completed', () => {
		const p = plan.currentPlan(t.db)!;
		expect(p.code).toBe(PLAN);
		expect(p.periodEnd < '2026-11-27').toBe(true);
	});
});

describe('recording figures', () => {
	it('staff of a responsible department record a value; it becomes the latest, with history and an audit row', async () => {
		const cm = await sessionUserFor(t.db, (await staff(t.db, { department: 'city_management' })).userId);
		expect(plan.recordValue(t.db, cm, PLAN, 30, input({ value: 33.1, asOf: '2024-12-31' }))).toMatchObject({
			ok: true
		});
		expect(plan.recordValue(t.db, cm, PLAN, 30, input())).toMatchObject({ ok: true });
		const v = get(30);
		expect(v.latest).toMatchObject({ value: 36.2, date: '2025-12-31', live: false });
		expect(v.history.map((h) => h.value)).toEqual([33.1, 36.2]);
		expect(v.status).toBe('not_met'); // 37.5 % was the 2025 target, and the plan period is over
		expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'indicator.value_recorded')).all()).toHaveLength(2);
	});

	it('staff of another department cannot (区教委 and indicator 30); nothing is written', async () => {
		const edu = await sessionUserFor(t.db, (await staff(t.db, { department: 'education' })).userId);
		expect(plan.recordValue(t.db, edu, PLAN, 30, input())).toEqual({ ok: false, error: 'forbidden' });
		expect(t.db.select().from(indicatorValues).all()).toHaveLength(0);
	});

	it('a correction supersedes the old figure instead of overwriting it; a superseded one cannot be corrected again', async () => {
		const cm = await sessionUserFor(t.db, (await staff(t.db, { department: 'city_management' })).userId);
		const first = plan.recordValue(t.db, cm, PLAN, 30, input({ value: 38 }));
		if (!first.ok) throw new Error('setup');
		expect(get(30).status).toBe('met');
		const fix = plan.recordValue(
			t.db,
			cm,
			PLAN,
			30,
			input({ value: 36.2, correctsId: first.id, correctionReason: '统计口径更正' })
		);
		expect(fix.ok).toBe(true);
		const v = get(30);
		expect(v.latest?.value).toBe(36.2);
		expect(v.history).toHaveLength(1);
		expect(v.values).toHaveLength(2); // the old row is still there, marked superseded
		expect(v.values.find((x) => x.id === first.id)!.supersededAt).not.toBeNull();
		expect(
			plan.recordValue(t.db, cm, PLAN, 30, input({ value: 37, correctsId: first.id, correctionReason: 'again' }))
		).toEqual({ ok: false, error: 'not_current' });
	});

	it('computed indicators cannot be typed over, even by admin', async () => {
		const admin = await sessionUserFor(t.db, (await staff(t.db, { role: 'admin' })).userId);
		expect(plan.recordValue(t.db, admin, PLAN, 52, input({ value: 100 }))).toEqual({ ok: false, error: 'live' });
		expect(plan.recordValue(t.db, admin, PLAN, 44, input({ value: 25 }))).toEqual({ ok: false, error: 'live' });
	});

	it("a qualitative target needs a statement and the department's call", async () => {
		const ee = await sessionUserFor(t.db, (await staff(t.db, { department: 'ecology_environment' })).userId);
		expect(plan.recordValue(t.db, ee, PLAN, 42, input({ value: null }))).toEqual({
			ok: false,
			error: 'value_required'
		});
		expect(
			plan.recordValue(t.db, ee, PLAN, 42, input({ value: null, valueText: '已建立协调机制', achieved: true })).ok
		).toBe(true);
		expect(get(42).status).toBe('met');
	});
});

describe('indicator 52 is computed from the reports', () => {
	it('reflects a report accepted and then resolved', async () => {
		expect(get(52).latest).toBeNull();
		const r = await reportsSvc.submit(
			t.db,
			{ category: 'overflow', description: '垃圾桶满了，溢出来了', place: 'town:gulou' },
			[
				{
					bytes: await sharp({ create: { width: 640, height: 480, channels: 3, background: '#468' } })
						.jpeg()
						.toBuffer(),
					name: 'a.jpg'
				}
			],
			'1.2.3.4',
			'zh-CN'
		);
		if (!r.ok) throw new Error(JSON.stringify(r));
		const s = await sessionUserFor(t.db, (await staff(t.db, { department: 'town_gulou' })).userId);
		for (const a of ['accept', 'assign', 'start'])
			expect(await reportsSvc.transition(t.db, s, r.code, a, { assignee: s.id })).toMatchObject({ ok: true });
		expect(get(52).latest).toMatchObject({ value: 0, live: true, records: 1 });
		expect(await reportsSvc.transition(t.db, s, r.code, 'resolve', { publicNote: '已清运' })).toMatchObject({
			ok: true
		});
		const v = get(52);
		expect(v.latest).toMatchObject({ value: 100, live: true, records: 1 });
		// the 2022–2025 plan has ended: a 2026 live figure is shown but does not decide its standing
		expect(v).toMatchObject({ status: 'no_data', outsidePeriod: true });
		// while a plan runs: one report is 样本不足, not 已达标 100 %
		const p = plan.getPlan(t.db, PLAN)!;
		expect(plan.indicator(t.db, p, 52, '2025-06-01')).toMatchObject({ status: 'too_few', progress: null });
		process.env.INDICATOR_52_MIN_REPORTS = '1';
		try {
			expect(plan.indicator(t.db, p, 52, '2025-06-01')!.status).toBe('met');
		} finally {
			delete process.env.INDICATOR_52_MIN_REPORTS;
		}
	});
});

describe('key tasks', () => {
	it('status comes from the lead department; overdue is derived from the deadline and the status', async () => {
		const p = plan.getPlan(t.db, PLAN)!;
		const task1 = () => plan.tasks(t.db, p).find((x) => x.row.no === 1)!; // 区城管委, 2025年
		// nobody has reported: 未填报, never 逾期 (a new site showed 70 tasks as overdue)
		expect(task1()).toMatchObject({ status: 'not_reported', overdue: false });
		expect(plan.tasks(t.db, p).filter((x) => x.overdue)).toEqual([]);
		const edu = await sessionUserFor(t.db, (await staff(t.db, { department: 'education' })).userId);
		expect(plan.updateTask(t.db, edu, PLAN, 1, { status: 'done', note: 'x', day: '2025-12-01' })).toEqual({
			ok: false,
			error: 'forbidden'
		});
		const cm = await sessionUserFor(t.db, (await staff(t.db, { department: 'city_management' })).userId);
		expect(
			plan.updateTask(t.db, cm, PLAN, 1, { status: 'done', note: '专项处置方案已印发', day: '2025-12-01' })
		).toEqual({ ok: true });
		expect(task1()).toMatchObject({ status: 'done', overdue: false });
		// reported as in progress after its deadline: 逾期
		expect(plan.updateTask(t.db, cm, PLAN, 1, { status: 'in_progress', note: '仍在推进', day: '2026-02-01' })).toEqual({
			ok: true
		});
		expect(plan.tasks(t.db, p, {}, '2026-02-01').find((x) => x.row.no === 1)).toMatchObject({
			status: 'in_progress',
			overdue: true
		});
		expect(plan.isOverdue('2025-12-31', 'not_reported', '2026-01-01')).toBe(false);
		expect(plan.isOverdue(null, 'in_progress', '2099-01-01')).toBe(false); // 长期
		expect(plan.isOverdue('2025-12-31', 'delayed', '2025-12-31')).toBe(false); // due today is not yet overdue
		expect(plan.isOverdue('2025-12-31', 'in_progress', '2026-01-01')).toBe(true);
	});

	it("a town's staff may update a task led by 相关镇街", async () => {
		const p = plan.getPlan(t.db, PLAN)!;
		const townLed = plan.tasks(t.db, p).find((x) => x.row.lead.includes('towns_concerned'))!;
		const town = await sessionUserFor(t.db, (await staff(t.db, { department: 'town_gulou' })).userId);
		expect(
			plan.updateTask(t.db, town, PLAN, townLed.row.no, { status: 'in_progress', note: '推进中', day: '2026-11-01' })
		).toEqual({ ok: true });
	});
});

describe('a finished plan is judged only on its own period (issue 18)', () => {
	it('records dated after the period and its grace do not decide its standing', async () => {
		const cm = await sessionUserFor(t.db, (await staff(t.db, { department: 'city_management' })).userId);
		const p = plan.getPlan(t.db, PLAN)!;
		// the final-year figure, published in March 2026 (within the default 183-day grace)
		expect(plan.recordValue(t.db, cm, PLAN, 30, input({ value: 38, asOf: '2026-03-15' }))).toMatchObject({
			ok: true
		});
		expect(plan.indicator(t.db, p, 30)!.status).toBe('met');
		// a figure for late 2026 is shown as the latest, but does not decide the 2022–2025 standing
		expect(plan.recordValue(t.db, cm, PLAN, 30, input({ value: 20, asOf: '2026-09-30' }))).toMatchObject({
			ok: true
		});
		const v = plan.indicator(t.db, p, 30)!;
		expect(v.latest).toMatchObject({ value: 20, date: '2026-09-30' });
		expect(v).toMatchObject({ status: 'met', outsidePeriod: true });
		process.env.PLAN_GRACE_DAYS = '30';
		try {
			// with a 30-day grace the March 2026 figure is too late as well: nothing decides it
			expect(plan.indicator(t.db, p, 30)!.status).toBe('no_data');
		} finally {
			delete process.env.PLAN_GRACE_DAYS;
		}
	});
});
