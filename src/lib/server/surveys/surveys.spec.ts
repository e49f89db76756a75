import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import * as svc from './service';
import { perceptionReport, perceptionDetail } from './indicators';
import { previewImport, commitImport } from './import';
import { exportCsv, tallies } from './results';
import { surveyResponses, surveyInvites } from './schema';
import { auditLog } from '../audit/schema';
import { setNow, advance } from '../clock';
import { checkDefinition, type Question } from './definition';
import { TOWNS } from '../reference';
import * as dashboard from '../indicators/service';

let t: TestDb;
let adminId: string;
beforeEach(async () => {
	t = createTestDb();
	setNow(new Date('2026-10-12T02:00:00Z'), { freeze: true });
	adminId = (await staff(t.db, { role: 'admin' })).userId;
});
afterEach(() => t.close());

function perception(slug = 'perception-2026') {
	const r = svc.create(t.db, adminId, {
		slug,
		titleZh: '2026年公众感知调查',
		titleEn: 'Public perception 2026',
		collectorZh: '密云区城管委',
		collectorEn: 'Miyun City Management Commission',
		contact: 'survey@example.gov.cn',
		template: true
	});
	if (!r.ok) throw new Error('create');
	return r.id;
}
const formOf = (o: Record<string, string | string[]>) => (name: string) => {
	const v = o[name];
	return v == null ? [] : Array.isArray(v) ? v : [v];
};
const PAGES: Record<string, string | string[]>[] = [
	{ town: 'gulou', group: 'public', age_band: 'a30_44' },
	{ aware_items: ['leaflet', 'online'] },
	{ actions: ['sorting'], attention: 'agree' },
	{
		'aspects.facilities': 'satisfied',
		'aspects.cleanliness': 'basic',
		'aspects.publicity': 'satisfied',
		overall: 'satisfied',
		recommend: '8'
	}
];

describe('lifecycle', () => {
	it('draft → open → closed → archived through the table, each transition audited; questions fixed once open', () => {
		const id = perception();
		expect(svc.transition(t.db, adminId, id, 'close')).toEqual({ ok: false, error: 'not_allowed' });
		expect(svc.transition(t.db, adminId, id, 'open')).toEqual({ ok: true, status: 'open' });
		expect(svc.openSurveys(t.db)).toEqual([
			{ slug: 'perception-2026', titleZh: '2026年公众感知调查', titleEn: 'Public perception 2026' }
		]);
		expect(svc.removeQuestion(t.db, adminId, id, 'recommend')).toEqual({ ok: false, problems: ['not_editable'] });
		expect(svc.transition(t.db, adminId, id, 'close').ok).toBe(true);
		expect(svc.transition(t.db, adminId, id, 'archive').ok).toBe(true);
		expect(svc.transition(t.db, adminId, id, 'open').ok).toBe(false);
		const rows = t.db.select().from(auditLog).where(eq(auditLog.subjectType, 'survey')).all();
		expect(rows.map((r) => r.action)).toEqual(['survey.create', 'survey.open', 'survey.close', 'survey.archive']);
		expect(svc.openSurveys(t.db)).toEqual([]);
	});
	it('an empty draft cannot open; a built one with skip logic can', () => {
		const r = svc.create(t.db, adminId, {
			slug: 'small-one',
			titleZh: '小调查',
			titleEn: 'Small',
			collectorZh: '区城管委',
			collectorEn: 'CMC',
			contact: 'x@example.gov.cn',
			template: false
		});
		if (!r.ok) throw new Error();
		expect(svc.transition(t.db, adminId, r.id, 'open')).toEqual({ ok: false, error: 'definition_invalid' });
		const a: Question = {
			code: 'pets',
			type: 'single',
			zh: '养宠物吗',
			en: 'Pets?',
			required: true,
			options: [
				{ code: 'yes', zh: '是', en: 'Yes' },
				{ code: 'no', zh: '否', en: 'No' }
			]
		};
		const b: Question = {
			code: 'kind',
			type: 'text',
			zh: '什么宠物',
			en: 'Which?',
			required: true,
			showIf: { question: 'pets', anyOf: ['yes'] }
		};
		expect(svc.addQuestion(t.db, adminId, r.id, { code: 's1', zh: '一', en: 'One' }, a).ok).toBe(true);
		expect(
			svc.addQuestion(
				t.db,
				adminId,
				r.id,
				{ code: 's1', zh: '一', en: 'One' },
				{ ...b, showIf: { question: 'nope', anyOf: ['yes'] } }
			)
		).toEqual({ ok: false, problems: ['bad_skip:kind'] });
		expect(svc.addQuestion(t.db, adminId, r.id, { code: 's1', zh: '一', en: 'One' }, b).ok).toBe(true);
		expect(svc.transition(t.db, adminId, r.id, 'open').ok).toBe(true);
		// skip logic: "kind" is required only when pets = yes
		const st = svc.start(t.db, 'small-one', { consent: true, ip: '10.0.0.1', locale: 'zh-CN' });
		if (!st.ok) throw new Error();
		const s = svc.bySlug(t.db, 'small-one')!;
		expect(svc.savePage(t.db, s, st.token, formOf({ pets: 'yes' }), 'next')).toMatchObject({
			ok: false,
			errors: { kind: 'required' }
		});
		expect(svc.savePage(t.db, s, st.token, formOf({ pets: 'no', kind: 'cat' }), 'next')).toMatchObject({
			ok: true,
			done: true
		});
		const resp = t.db.select().from(surveyResponses).get()!;
		expect(resp.answers).toEqual({ pets: 'no' });
	});
	it('the shipped template is a valid definition covering the towns and groups', () => {
		const id = perception();
		const s = svc.byId(t.db, id)!;
		expect(checkDefinition(s.definition)).toEqual([]);
		expect(s.definition.sections[0].questions[0].options!.length).toBe(TOWNS.length);
		expect(s.mapping!.indicators.map((m) => m.no)).toEqual([54, 55, 56]);
	});
});

describe('respondents', () => {
	function openSurvey() {
		const id = perception();
		svc.transition(t.db, adminId, id, 'open');
		return svc.byId(t.db, id)!;
	}
	it('stores nothing before consent, saves each page, resumes within 7 days, finishes', () => {
		const s = openSurvey();
		expect(svc.start(t.db, s.slug, { consent: false, ip: '1.1.1.1', locale: 'zh-CN' })).toEqual({
			ok: false,
			error: 'consent_missing'
		});
		expect(t.db.select().from(surveyResponses).all()).toHaveLength(0);
		const st = svc.start(t.db, s.slug, { consent: true, ip: '1.1.1.1', locale: 'zh-CN' });
		if (!st.ok) throw new Error();
		expect(svc.savePage(t.db, s, st.token, formOf({ town: 'gulou' }), 'next')).toMatchObject({
			ok: false,
			errors: { group: 'required', age_band: 'required' }
		});
		expect(svc.savePage(t.db, s, st.token, formOf(PAGES[0]), 'next')).toEqual({ ok: true, done: false, page: 1 });
		// closed the tab; 6 days later the cookie brings them back to page 2
		advance(6 * 86400000);
		const r = svc.resume(t.db, s, st.token)!;
		expect(r.page).toBe(1);
		expect(r.answers.town).toBe('gulou');
		for (const p of PAGES.slice(1, 3)) expect(svc.savePage(t.db, s, st.token, formOf(p), 'next').ok).toBe(true);
		expect(svc.savePage(t.db, s, st.token, formOf(PAGES[3]), 'next')).toEqual({ ok: true, done: true, page: 3 });
		const done = t.db.select().from(surveyResponses).get()!;
		expect(done.status).toBe('complete');
		expect(done.flags).toEqual([]);
	});
	it('an unfinished response expires after 7 days without saving and is purged', () => {
		const s = openSurvey();
		const st = svc.start(t.db, s.slug, { consent: true, ip: '1.1.1.1', locale: 'zh-CN' });
		if (!st.ok) throw new Error();
		advance(7 * 86400000 + 1000);
		expect(svc.resume(t.db, s, st.token)).toBeNull();
		expect(svc.purgeExpired(t.db)).toBe(1);
	});
	it('answers are deleted once the survey has been closed longer than its retention period', () => {
		const s = openSurvey();
		const st = svc.start(t.db, s.slug, { consent: true, ip: '1.1.1.1', locale: 'zh-CN' });
		if (!st.ok) throw new Error();
		for (const p of PAGES) svc.savePage(t.db, s, st.token, formOf(p), 'next');
		svc.transition(t.db, adminId, s.id, 'close');
		advance((s.retentionDays - 1) * 86400000);
		expect(svc.purgeExpired(t.db)).toBe(0);
		advance(2 * 86400000);
		expect(svc.purgeExpired(t.db)).toBe(1);
		expect(t.db.select().from(surveyResponses).all()).toHaveLength(0);
	});
	it('an invitation code works once; the second use is refused and not counted', () => {
		const s = openSurvey();
		const [code] = svc.generateInvites(t.db, adminId, s.id, 3);
		expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
		expect(t.db.select().from(surveyInvites).all()).toHaveLength(3);
		expect(svc.start(t.db, s.slug, { consent: true, invite: 'WRONGCODE1', ip: '1.1.1.1', locale: 'zh-CN' })).toEqual({
			ok: false,
			error: 'invite_unknown'
		});
		expect(
			svc.start(t.db, s.slug, { consent: true, invite: code.toLowerCase(), ip: '1.1.1.1', locale: 'zh-CN' }).ok
		).toBe(true);
		expect(svc.start(t.db, s.slug, { consent: true, invite: code, ip: '1.1.1.2', locale: 'zh-CN' })).toEqual({
			ok: false,
			error: 'invite_used'
		});
		expect(t.db.select().from(surveyResponses).all()).toHaveLength(1);
	});
	it('many starts from one address are flagged, never refused; quality flags kept with the response', () => {
		const s = openSurvey();
		const tokens: string[] = [];
		for (let i = 0; i < 31; i++) {
			const st = svc.start(t.db, s.slug, {
				consent: true,
				ip: '9.9.9.9',
				locale: 'zh-CN',
				deviceToken: 'same-device-token-aaaaaaaa'
			});
			expect(st.ok).toBe(true);
			if (st.ok) tokens.push(st.token);
		}
		const rows = t.db.select().from(surveyResponses).all();
		expect(rows.filter((r) => r.flags.includes('ip_burst'))).toHaveLength(1);
		const finish = (token: string, last: Record<string, string | string[]>, attention = 'agree') => {
			svc.savePage(t.db, s, token, formOf(PAGES[0]), 'next');
			svc.savePage(t.db, s, token, formOf(PAGES[1]), 'next');
			svc.savePage(t.db, s, token, formOf({ ...PAGES[2], attention }), 'next');
			return svc.savePage(t.db, s, token, formOf(last), 'next');
		};
		finish(tokens[0], PAGES[3]);
		finish(tokens[1], { ...PAGES[3], 'aspects.cleanliness': 'satisfied' }, 'disagree');
		const flags = t.db
			.select()
			.from(surveyResponses)
			.all()
			.filter((r) => r.status === 'complete')
			.map((r) => r.flags);
		expect(flags[0]).toEqual([]);
		// the three-row satisfaction table answered 满意 throughout is honest, not straight-lining
		expect(flags[1].sort()).toEqual(['attention', 'device_repeat']);
	});
});

// 20 rows computed by hand below, plus one failing the attention check (left out)
function fixture(extra = '') {
	const head =
		'town,group,age_band,aware_items,actions,attention,aspects.facilities,aspects.cleanliness,aspects.publicity,overall,why_not,recommend';
	const row = (town: string, group: string, aware: string, act: string, overall: string, attention = 'agree') =>
		`${town},${group},a30_44,${aware},${act},${attention},satisfied,basic,satisfied,${overall},,7`;
	const rows = [
		...Array(8).fill(row('gulou', 'public', 'leaflet;online', 'sorting', 'satisfied')),
		...Array(2).fill(row('gulou', 'public', 'none', 'none', 'basic')),
		...Array(5).fill(row('guoyuan', 'government', 'training', 'sorting;volunteering', 'very_satisfied')),
		...Array(5).fill(row('guoyuan', 'government', 'none', 'none', 'dissatisfied')),
		row('guoyuan', 'government', 'training', 'sorting', 'satisfied', 'disagree')
	];
	return '\uFEFF' + [head, ...rows].join('\n') + extra + '\n';
}

describe('population table', () => {
	it('a sample figure sent back unchanged stays a sample; only the edited town is entered', () => {
		const table = svc.populationTable(t.db);
		expect(table.every((r) => r.isSample)).toBe(true);
		const submitted = Object.fromEntries(table.map((r) => [r.town, r.population]));
		expect(svc.changedPopulation(table, submitted)).toEqual({});
		const gulou = submitted.gulou + 1;
		const values = svc.changedPopulation(table, { ...submitted, gulou, guoyuan: null });
		expect(values).toEqual({ gulou });
		svc.setPopulation(t.db, adminId, values);
		const after = svc.populationTable(t.db);
		expect(after.filter((r) => !r.isSample).map((r) => r.town)).toEqual(['gulou']);
	});
});

describe('import and indicators', () => {
	function ready() {
		const id = perception();
		svc.transition(t.db, adminId, id, 'open');
		const pop = Object.fromEntries(TOWNS.map((x) => [x.code, 0]));
		svc.setPopulation(t.db, adminId, { ...pop, gulou: 30000, guoyuan: 10000 });
		return id;
	}
	it('a CSV with a bad row writes nothing and names the row', () => {
		const id = ready();
		const bad = fixture('\nnowhere,public,a30_44,leaflet,sorting,agree,satisfied,basic,satisfied,satisfied,,7');
		const p = previewImport(t.db, id, bad)!;
		expect(p.errors).toEqual([{ line: 23, column: 'town', error: 'invalid', value: 'nowhere' }]);
		expect(commitImport(t.db, { type: 'system' }, id, bad).ok).toBe(false);
		expect(t.db.select().from(surveyResponses).all()).toHaveLength(0);
		expect(previewImport(t.db, id, 'town,colour\ngulou,red\n')).toMatchObject({
			fileError: 'unknown_columns',
			unknownColumns: ['colour']
		});
	});
	it('importing the fixture gives exactly the values computed by hand', () => {
		const id = ready();
		expect(commitImport(t.db, { type: 'system' }, id, fixture())).toEqual({ ok: true, imported: 21 });
		const r = perceptionReport(t.db)!;
		expect(r.survey).toBe('perception-2026');
		expect(r.satisfactionCountsBasic).toBe(false);
		const [i54, i55, i56] = r.indicators;
		expect(Object.keys(i54)).toEqual([
			'no',
			'n',
			'count',
			'rate',
			'ciLow',
			'ciHigh',
			'weightedRate',
			'weightedCiLow',
			'weightedCiHigh',
			'deff',
			'effectiveN',
			'target',
			'statusBasis',
			'status'
		]);
		// 54: 13 of 20 aware; gulou 8/10 weighs 30000, guoyuan 5/10 weighs 10000 → 0.725
		expect(i54).toMatchObject({ no: 54, n: 20, count: 13, rate: 0.65, target: 0.8, status: 'not_met' });
		expect(i54.ciLow!).toBeCloseTo(0.432854, 5);
		expect(i54.ciHigh!).toBeCloseTo(0.818808, 5);
		expect(i54.weightedRate!).toBeCloseTo(0.725, 6);
		// 10 weights of 3000 and 10 of 1000: deff = 20·(10·3000²+10·1000²)/40000² = 1.25, effective n 16
		expect(i54.deff).toBeCloseTo(1.25, 4);
		expect(i54.effectiveN).toBeCloseTo(16, 2);
		// the weighted interval is Wilson's on n_eff = 16 with p = 0.725: z²/n = 0.240094, centre
		// (0.725 + 0.120047)/1.240094 = 0.681436, half 1.96·√(0.725·0.275/16 + z²/1024)/1.240094 = 0.201240
		expect(i54.statusBasis).toBe('weighted');
		expect(i54.weightedCiLow!).toBeCloseTo(0.480196, 5);
		expect(i54.weightedCiHigh!).toBeCloseTo(0.882676, 5);
		// 55: public 8/10 (weight 0.7), government 5/10 (0.1), others no data → (0.56+0.05)/0.8
		expect(i55).toMatchObject({ no: 55, n: 20, count: 13, target: 0.9, status: 'not_met' });
		expect(i55.weightedRate!).toBeCloseTo(0.7625, 6);
		expect(i55.deff!).toBeCloseTo(1.5625, 4);
		expect(i55.effectiveN!).toBeCloseTo(12.8, 2);
		// 56 without 基本满意: 13/20
		expect(i56).toMatchObject({ no: 56, n: 20, count: 13, rate: 0.65, target: 0.9 });
		expect(i56.weightedRate!).toBeCloseTo(0.725, 6);
		const d = perceptionDetail(t.db)!;
		expect(d.excluded).toEqual({ attention: 1 });
		expect(d.excludedResponses).toBe(1);
		expect(d.flaggedResponses).toBe(0);
		expect(d.groups.find((g) => g.group === 'public')).toMatchObject({ n: 10, count: 8, rate: 0.8, weightedRate: 0.8 });
		expect(d.groups.find((g) => g.group === 'ngo')).toMatchObject({ n: 0, count: null, rate: null });
		expect(d.populationIsSample).toBe(false);
	});
	it('the satisfaction switch counts 基本满意 when on', () => {
		const id = ready();
		commitImport(t.db, { type: 'system' }, id, fixture());
		svc.setSettings(t.db, adminId, id, {
			satisfactionCountsBasic: true,
			groupWeights: { public: 0.7, government: 0.1, enterprise: 0.1, ngo: 0.1 }
		});
		const r = perceptionReport(t.db, 'perception-2026')!;
		expect(r.satisfactionCountsBasic).toBe(true);
		const i56 = r.indicators[2];
		expect(i56.count).toBe(15);
		expect(i56.ciLow!).toBeCloseTo(0.531299, 5);
		expect(i56.weightedRate!).toBeCloseTo(0.875, 6);
	});
	it('no survey: null; sample responses never count; the export has no identifiers', () => {
		expect(perceptionReport(t.db)).toBeNull();
		const id = ready();
		commitImport(t.db, { type: 'system' }, id, fixture());
		t.db.update(surveyResponses).set({ source: 'sample' }).where(eq(surveyResponses.id, 1)).run();
		expect(perceptionReport(t.db)!.indicators[0].n).toBe(19);
		const s = svc.byId(t.db, id)!;
		const csv = exportCsv(t.db, s, {});
		expect(csv.startsWith('\uFEFF"respondent"')).toBe(true);
		expect(csv.split('\r\n').filter(Boolean)).toHaveLength(21); // header + 20 (not the sample)
		expect(csv.split('\r\n')[0]).not.toMatch(/\bip\b|device|invite|token/i);
		const ids = t.db.select().from(surveyResponses).all();
		for (const r of ids) expect(csv).not.toContain(`"${r.id}",`);
		expect(tallies(t.db, s, { town: 'gulou' }).total).toBe(9);
	});
	it('status is judged on the weighted rate: 15/20 unweighted is not met, post-stratified 0.825 is (issue 18)', () => {
		const id = ready();
		const head =
			'town,group,age_band,aware_items,actions,attention,aspects.facilities,aspects.cleanliness,aspects.publicity,overall,why_not,recommend';
		const row = (town: string, aware: string) =>
			`${town},public,a30_44,${aware},sorting,agree,satisfied,basic,satisfied,satisfied,,7`;
		const rows = [
			...Array(9).fill(row('gulou', 'leaflet')),
			row('gulou', 'none'),
			...Array(6).fill(row('guoyuan', 'leaflet')),
			...Array(4).fill(row('guoyuan', 'none'))
		];
		expect(commitImport(t.db, { type: 'system' }, id, [head, ...rows].join('\n') + '\n').ok).toBe(true);
		const i54 = perceptionReport(t.db)!.indicators[0];
		// unweighted 15/20 = 0.75 < 0.80; gulou (30000) 9/10 and guoyuan (10000) 6/10:
		// (9·3000 + 6·1000)/40000 = 0.825 ≥ 0.80; n_eff = 40000²/(10·3000² + 10·1000²) = 16
		expect(i54).toMatchObject({ n: 20, count: 15, rate: 0.75, weightedRate: 0.825, effectiveN: 16 });
		// Wilson on n_eff 16, p 0.825: centre (0.825 + 0.120047)/1.240094 = 0.762076, half 0.178636
		expect(i54.weightedCiLow!).toBeCloseTo(0.58344, 5);
		expect(i54.weightedCiHigh!).toBeCloseTo(0.940715, 5);
		// the lower bound is under 0.80, so met, not significantly met; unweighted it would be not_met
		expect(i54).toMatchObject({ statusBasis: 'weighted', status: 'met' });
		// the indicator page's live figure is the weighted one (percent), the unweighted beside it
		const v = dashboard.indicator(t.db, dashboard.getPlan(t.db, 'miyun-2022-2025')!, 54)!;
		expect(v.latest).toMatchObject({ value: 82.5, ciLow: 58.34, ciHigh: 94.07, live: true, records: 20 });
		expect(v.latest!.survey).toEqual({
			basis: 'weighted',
			unweighted: 75,
			unweightedCiLow: 53.13,
			unweightedCiHigh: 88.81,
			effectiveN: 16,
			flagged: 0,
			excluded: 0
		});
	});
	it('without any weightable respondent the status falls back to the unweighted rate, and says so', () => {
		const id = ready();
		svc.setPopulation(t.db, adminId, { gulou: 0, guoyuan: 0 });
		commitImport(t.db, { type: 'system' }, id, fixture());
		const i54 = perceptionReport(t.db)!.indicators[0];
		expect(i54).toMatchObject({ statusBasis: 'unweighted', weightedRate: null, weightedCiLow: null, rate: 0.65 });
		expect(i54.status).toBe('not_met');
	});
});
