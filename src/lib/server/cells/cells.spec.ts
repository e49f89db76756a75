import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, org } from '../testing/builders';
import { validateSessionToken, createSession, generateSessionToken } from '../auth/session';
import { setNow, advance } from '../clock';
import * as cells from './service';
import * as criteria from './criteria';
import { runExpiry, runInfoReminders } from './reminders';
import { TRANSITIONS, allowed, ACTIONS, type Actor } from './workflow';
import { CELL_STATUSES, cellApplications, type CellStatus } from './schema';
import { evaluate, points, type Definition } from '../../cells/criteria';
import * as files from '../files';
import { mayViewFile } from '../app';
import * as outbox from '../outbox';
import * as audit from '../audit';
import { CELL_TYPES } from '../reference';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-10-12T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

async function sessionUser(userId: string) {
	const token = generateSessionToken();
	createSession(t.db, token, userId, { twoFactorVerified: true });
	return validateSessionToken(t.db, token).user!;
}
async function orgUser(type = 'hotel') {
	const o = await org(t.db, { type, town: 'gubeikou' });
	return sessionUser(o.userId);
}
async function staffUser(department: string) {
	const s = await staff(t.db, { department });
	return sessionUser(s.userId);
}
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let jpeg: Uint8Array;
async function photo() {
	jpeg ??= new Uint8Array(
		await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
			.jpeg()
			.toBuffer()
	);
	return jpeg;
}

/** Answers every item of every section at its best, with the evidence each needs. */
async function fillAll(
	user: Awaited<ReturnType<typeof orgUser>>,
	appId: number,
	override: Record<string, string> = {}
) {
	const app = cells.get(t.db, appId)!;
	const def = cells.definitionOf(t.db, app);
	for (const s of def.sections) {
		const values: Record<string, string> = {};
		const notes: Record<string, string> = {};
		const uploads: cells.Upload[] = [];
		for (const c of def.criteria.filter((c) => c.section === s.id)) {
			values[c.id] =
				override[c.id] ??
				(c.method === 'tiered' ? String(c.tiers!.length - 1) : c.method === 'deduction' ? '0' : 'yes');
			if (c.evidence === 'data') notes[c.id] = '92%';
			if (c.evidence === 'document') uploads.push({ criterionId: c.id, bytes: PDF, name: `${c.id}.pdf` });
			if (c.evidence === 'photo') uploads.push({ criterionId: c.id, bytes: await photo(), name: `${c.id}.jpg` });
		}
		const r = await cells.saveSection(t.db, user, appId, s.id, { values, notes }, uploads);
		expect(r).toEqual({ ok: true, errors: {} });
	}
}

/** The reviewer's scores: the applicant's values unless overridden. */
function reviewAll(user: Awaited<ReturnType<typeof staffUser>>, appId: number, override: Record<string, string> = {}) {
	const rows = cells.answers(t.db, appId);
	const values = Object.fromEntries(rows.map((r) => [r.criterionId, override[r.criterionId] ?? r.value ?? '']));
	expect(cells.saveReview(t.db, user, appId, values, {})).toEqual({ ok: true, errors: {} });
}

async function toNotice() {
	const hotel = await orgUser('hotel');
	const reviewer = await staffUser('culture_tourism');
	const s = cells.start(t.db, hotel, 'hotel');
	if (!s.ok) throw new Error(s.error);
	await fillAll(hotel, s.id);
	for (const [who, a] of [
		[hotel, 'submit'],
		[reviewer, 'accept'],
		[reviewer, 'start_review']
	] as const)
		expect(cells.transition(t.db, who, s.id, a).ok).toBe(true);
	reviewAll(reviewer, s.id);
	expect(cells.transition(t.db, reviewer, s.id, 'recommend')).toEqual({ ok: true, status: 'recommended' });
	expect(cells.transition(t.db, reviewer, s.id, 'publish_notice')).toEqual({ ok: true, status: 'public_notice' });
	return { hotel, reviewer, id: s.id };
}

// ---------- the pass rule ----------

const DEF: Definition = {
	sections: [{ id: 's', zh: '节', en: 'Section' }],
	threshold: 85,
	bonusCap: 5,
	validityMonths: 36,
	criteria: [
		{ id: 'e', section: 's', kind: 'eligibility', evidence: 'document', zh: '资格', en: 'eligible' },
		{ id: 'm', section: 's', kind: 'mandatory', evidence: 'photo', zh: '必须', en: 'must' },
		{ id: 'a', section: 's', kind: 'scored', method: 'yesno', points: 80, evidence: 'document', zh: 'A', en: 'A' },
		{
			id: 'b',
			section: 's',
			kind: 'scored',
			method: 'tiered',
			evidence: 'data',
			zh: 'B',
			en: 'B',
			tiers: [
				{ points: 0, zh: '0', en: '0' },
				{ points: 4.9, zh: '4.9', en: '4.9' },
				{ points: 5, zh: '5', en: '5' }
			]
		},
		{
			id: 'd',
			section: 's',
			kind: 'scored',
			method: 'deduction',
			points: 15,
			per: 3,
			evidence: 'onsite',
			zh: 'D',
			en: 'D'
		},
		{ id: 'x', section: 's', kind: 'bonus', points: 3, evidence: 'document', zh: 'X', en: 'X' },
		{ id: 'y', section: 's', kind: 'bonus', points: 3, evidence: 'document', zh: 'Y', en: 'Y' }
	]
};
const base = { e: 'yes', m: 'yes', a: 'yes', d: '5' }; // d: 15 − 5×3 = 0

describe('pass rule', () => {
	it('84.9 fails, 85 passes (the boundary)', () => {
		expect(evaluate(DEF, { ...base, b: '1' })).toMatchObject({ total: 84.9, passed: false });
		expect(evaluate(DEF, { ...base, b: '2' })).toMatchObject({ total: 85, passed: true });
	});
	it('caps the bonus: 6 bonus points count as 5', () => {
		const r = evaluate(DEF, { ...base, b: '0', x: 'yes', y: 'yes' });
		expect(r).toMatchObject({ scored: 80, bonus: 6, bonusCounted: 5, total: 85, passed: true });
		expect(evaluate(DEF, { ...base, b: '0', x: 'yes' })).toMatchObject({ total: 83, passed: false });
	});
	it('an eligibility "no" blocks, whatever the score', () => {
		const r = evaluate(DEF, { ...base, e: 'no', b: '2', d: '0', x: 'yes', y: 'yes' });
		expect(r).toMatchObject({ blocked: true, eligible: false, passed: false });
		expect(r.total).toBe(105);
	});
	it('an unmet mandatory item fails, whatever the score', () => {
		expect(evaluate(DEF, { ...base, m: 'no', b: '2', d: '0' })).toMatchObject({
			mandatoryMet: false,
			passed: false,
			total: 100
		});
		expect(evaluate(DEF, { ...base, m: undefined, b: '2', d: '0' }).passed).toBe(false);
	});
	it('deduction scoring never goes below zero; bad values earn nothing', () => {
		const d = DEF.criteria.find((c) => c.id === 'd')!;
		expect(points(d, '0')).toBe(15);
		expect(points(d, '2')).toBe(9);
		expect(points(d, '9')).toBe(0);
		expect(points(d, 'x')).toBeNull();
		expect(
			points(
				DEF.criteria.find((c) => c.id === 'b')!,
				'7'
			)
		).toBeNull();
	});
});

describe('criteria as data', () => {
	it('every type has a first version: published, valid, a draft for the department, 100 scored points, pass at 85, 36 months', () => {
		for (const type of CELL_TYPES) {
			const v = criteria.current(t.db, type.code)!;
			expect(v, type.code).toBeDefined();
			expect(v.version).toBe(1);
			expect(criteria.parseDefinition(v.definition).ok).toBe(true);
			const d = v.definition;
			expect(d).toMatchObject({ threshold: 85, validityMonths: 36, draft: true });
			const max = d.criteria
				.filter((c) => c.kind === 'scored')
				.reduce((s, c) => s + (c.method === 'tiered' ? Math.max(...c.tiers!.map((x) => x.points)) : c.points!), 0);
			expect(max, type.code).toBe(100);
			expect(d.criteria.some((c) => c.kind === 'eligibility' && c.id === 'e_commitment')).toBe(true);
		}
		// hotels: the six disposable items are a mandatory item
		expect(criteria.current(t.db, 'hotel')!.definition.criteria.find((c) => c.id === 'm_type')!.zh).toContain('六小件');
	});
	it('loading again adds nothing', async () => {
		const { loadCellCriteria } = await import('./criteria');
		loadCellCriteria(t.db);
		expect(criteria.versions(t.db).length).toBe(CELL_TYPES.length);
	});
	it('an application keeps the version it started on when a new one is published', async () => {
		const admin = await sessionUser((await staff(t.db, { role: 'admin' })).userId);
		const hotel = await orgUser('hotel');
		const first = cells.start(t.db, hotel, 'hotel');
		expect(first.ok).toBe(true);
		const d = criteria.createDraft(t.db, admin.id, 'hotel');
		if (!d.ok) throw new Error();
		const def = { ...criteria.getVersion(t.db, d.id)!.definition, threshold: 90 };
		expect(criteria.saveDraft(t.db, admin.id, d.id, '{not json')).toMatchObject({ ok: false, error: 'bad_json' });
		expect(
			criteria.saveDraft(t.db, admin.id, d.id, JSON.stringify({ ...def, criteria: [...def.criteria, def.criteria[0]] }))
		).toMatchObject({ ok: false, error: 'invalid' });
		expect(criteria.saveDraft(t.db, admin.id, d.id, JSON.stringify(def))).toEqual({ ok: true });
		// the draft is not offered yet
		expect(criteria.current(t.db, 'hotel')!.version).toBe(1);
		expect(criteria.publish(t.db, admin.id, d.id)).toEqual({ ok: true });
		expect(criteria.saveDraft(t.db, admin.id, d.id, JSON.stringify(def))).toMatchObject({
			ok: false,
			error: 'not_draft'
		});
		expect(criteria.current(t.db, 'hotel')!).toMatchObject({ version: 2 });
		const app = cells.get(t.db, first.ok ? first.id : 0)!;
		expect(criteria.getVersion(t.db, app.criteriaVersionId)!.version).toBe(1);
		expect(cells.definitionOf(t.db, app).threshold).toBe(85);
		// a new application of another hotel starts on version 2
		const other = await orgUser('hotel');
		const second = cells.start(t.db, other, 'hotel');
		if (!second.ok) throw new Error();
		expect(cells.definitionOf(t.db, cells.get(t.db, second.id)!).threshold).toBe(90);
		expect(audit.list(t.db, { action: 'cell_criteria.publish' }).length).toBe(1);
	});
});

// ---------- the state machine ----------

/** Written out by hand from the issue, independently of the table in workflow.ts. */
const LEGAL: [CellStatus, string, Actor][] = [
	['draft', 'submit', 'applicant'],
	['submitted', 'accept', 'reviewer'],
	['accepted', 'start_review', 'reviewer'],
	['under_review', 'request_info', 'reviewer'],
	['site_visit', 'request_info', 'reviewer'],
	['info_requested', 'resubmit', 'applicant'],
	['under_review', 'site_visit', 'reviewer'],
	['under_review', 'recommend', 'reviewer'],
	['site_visit', 'recommend', 'reviewer'],
	['recommended', 'publish_notice', 'reviewer'],
	['public_notice', 'uphold_objection', 'reviewer'],
	['public_notice', 'certify', 'reviewer'],
	...(
		[
			'submitted',
			'accepted',
			'under_review',
			'info_requested',
			'site_visit',
			'recommended',
			'public_notice'
		] as CellStatus[]
	).map((s) => [s, 'reject', 'reviewer'] as [CellStatus, string, Actor]),
	['certified', 'expire', 'system'],
	['certified', 'revoke', 'reviewer']
];

describe('transitions', () => {
	it('every (status, action, actor) is legal exactly when the issue says so', () => {
		const legal = new Set(LEGAL.map((l) => l.join('|')));
		let n = 0;
		for (const s of CELL_STATUSES)
			for (const a of [...ACTIONS, 'fly'])
				for (const by of ['applicant', 'reviewer', 'system'] as Actor[]) {
					expect(allowed(a, s, by), `${s} ${a} ${by}`).toBe(legal.has(`${s}|${a}|${by}`));
					n++;
				}
		expect(n).toBe(CELL_STATUSES.length * (ACTIONS.length + 1) * 3);
		expect(Object.keys(TRANSITIONS).length).toBe(13);
	});

	it('the whole path, each step audited; illegal steps change nothing; reasons required', async () => {
		const hotel = await orgUser('hotel');
		const reviewer = await staffUser('culture_tourism');
		const s = cells.start(t.db, hotel, 'hotel');
		if (!s.ok) throw new Error();
		// submit refuses until every eligibility/mandatory item has its answer and evidence
		expect(cells.transition(t.db, hotel, s.id, 'submit')).toEqual({ ok: false, error: 'incomplete' });
		await fillAll(hotel, s.id);
		expect(cells.transition(t.db, reviewer, s.id, 'accept')).toEqual({ ok: false, error: 'not_found' }); // drafts are not the reviewer's
		expect(cells.transition(t.db, hotel, s.id, 'submit')).toEqual({ ok: true, status: 'submitted' });
		expect(cells.get(t.db, s.id)!.caseNo).toMatch(/^WF2026\d{5}$/);
		expect(cells.transition(t.db, hotel, s.id, 'accept')).toEqual({ ok: false, error: 'illegal' });
		expect(cells.transition(t.db, reviewer, s.id, 'certify')).toEqual({ ok: false, error: 'illegal' });
		expect(cells.get(t.db, s.id)!.status).toBe('submitted');
		expect(cells.transition(t.db, reviewer, s.id, 'accept').ok).toBe(true);
		expect(cells.transition(t.db, reviewer, s.id, 'start_review').ok).toBe(true);
		expect(cells.transition(t.db, reviewer, s.id, 'site_visit', { visitDay: '2026-10-15' })).toEqual({
			ok: false,
			error: 'visit_required'
		});
		expect(
			cells.transition(t.db, reviewer, s.id, 'site_visit', { visitDay: '2026-10-15', findings: '现场分类规范' }).ok
		).toBe(true);
		// the reviewer's own score decides: 3 shortcomings on site and no recyclables contract → 71
		reviewAll(reviewer, s.id, { f_facilities: '3', f_recyclables: 'no', r_1: '1' });
		expect(cells.transition(t.db, reviewer, s.id, 'recommend')).toEqual({ ok: false, error: 'not_passing' });
		reviewAll(reviewer, s.id);
		expect(cells.transition(t.db, reviewer, s.id, 'recommend').ok).toBe(true);
		expect(cells.transition(t.db, reviewer, s.id, 'publish_notice').ok).toBe(true);
		advance(7 * 86400000);
		const c = cells.transition(t.db, reviewer, s.id, 'certify');
		expect(c).toEqual({ ok: true, status: 'certified' });
		const app = cells.get(t.db, s.id)!;
		expect(app.verifyToken).toMatch(/^[a-z2-7]{32}$/);
		expect(app.certNo).toMatch(/^MYWF-2026-\d{4}$/);
		expect(cells.verify(t.db, app.verifyToken!)).toMatchObject({
			status: 'valid',
			type: 'hotel',
			certifiedOn: '2026-10-19',
			expiresOn: '2029-10-19'
		});
		expect(cells.transition(t.db, reviewer, s.id, 'revoke')).toEqual({ ok: false, error: 'reason_required' });
		expect(cells.transition(t.db, reviewer, s.id, 'revoke', { reason: '抽查不合格' }).ok).toBe(true);
		expect(cells.verify(t.db, app.verifyToken!)!.status).toBe('revoked');
		// a revoked certificate is not renewed: the organisation applies afresh
		expect(cells.start(t.db, hotel, 'hotel', s.id)).toEqual({ ok: false, error: 'not_renewable' });
		expect(cells.start(t.db, hotel, 'hotel').ok).toBe(true);
		const actions = audit
			.list(t.db, { subjectType: 'cell_application', subjectId: String(s.id) })
			.filter((r) => r.fromState !== null)
			.map((r) => r.action)
			.reverse();
		expect(actions).toEqual([
			'cell.submit',
			'cell.accept',
			'cell.start_review',
			'cell.site_visit',
			'cell.recommend',
			'cell.publish_notice',
			'cell.certify',
			'cell.revoke'
		]);
		expect(cells.timeline(t.db, s.id).map((e) => e.toStatus)).toEqual([
			'draft',
			'submitted',
			'accepted',
			'under_review',
			'site_visit',
			'recommended',
			'public_notice',
			'certified',
			'revoked'
		]);
	});

	it('an eligibility "no" blocks submitting and the other sections cannot start', async () => {
		const hotel = await orgUser('hotel');
		const s = cells.start(t.db, hotel, 'hotel');
		if (!s.ok) throw new Error();
		await cells.saveSection(t.db, hotel, s.id, 'eligibility', { values: { e_violation: 'no' }, notes: {} }, []);
		const o = cells.overview(t.db, cells.get(t.db, s.id)!);
		expect(o.self.blocked).toBe(true);
		expect(o.tasks.find((x) => x.id === 'basics')!.status).toBe('cannot_start');
		expect(o.tasks.find((x) => x.id === 'eligibility')!.status).toBe('in_progress');
		await fillAll(hotel, s.id, { e_violation: 'no' });
		expect(cells.transition(t.db, hotel, s.id, 'submit')).toEqual({ ok: false, error: 'ineligible' });
	});

	it('补正 reopens only the named items, with a due date; the rest stay locked', async () => {
		const hotel = await orgUser('hotel');
		const reviewer = await staffUser('culture_tourism');
		const s = cells.start(t.db, hotel, 'hotel');
		if (!s.ok) throw new Error();
		await fillAll(hotel, s.id);
		for (const [w, a] of [
			[hotel, 'submit'],
			[reviewer, 'accept'],
			[reviewer, 'start_review']
		] as const)
			cells.transition(t.db, w, s.id, a);
		expect(cells.transition(t.db, reviewer, s.id, 'request_info', { items: [], dueDay: '2026-10-30' })).toEqual({
			ok: false,
			error: 'items_required'
		});
		expect(
			cells.transition(t.db, reviewer, s.id, 'request_info', { items: ['m_sorting'], dueDay: '2026-10-01' })
		).toEqual({ ok: false, error: 'due_day_required' });
		expect(
			cells.transition(t.db, reviewer, s.id, 'request_info', {
				items: ['m_sorting', 'nonsense'],
				dueDay: '2026-10-30',
				reason: '照片不清晰'
			})
		).toEqual({ ok: true, status: 'info_requested' });
		expect(cells.get(t.db, s.id)).toMatchObject({ reopened: ['m_sorting'], infoDueDay: '2026-10-30' });
		// the organisation hears what to fix and by when, then a reminder 3 days before the date, once
		const mailbox = () => outbox.listFor(t.db, hotel.email);
		const asked = mailbox().find((x) => x.template === 'cell.info_requested')!;
		expect(asked.subject).toContain('需要补正');
		// what to fix, by name (never the internal code)
		expect(asked.body).toContain('按北京市生活垃圾四分类要求设置容器并规范投放');
		expect(asked.body).not.toContain('m_sorting');
		expect(asked.body).toContain('2026-10-30');
		expect(asked.body).toContain('照片不清晰');
		expect(asked.body).toContain(`/cells/apply/${s.id}`);
		expect(runInfoReminders(t.db)).toBe(0);
		setNow(new Date('2026-10-27T02:00:00Z'), { freeze: true });
		expect(runInfoReminders(t.db)).toBe(1);
		expect(runInfoReminders(t.db)).toBe(0);
		expect(mailbox().filter((x) => x.template === 'cell.info_reminder')).toHaveLength(1);
		setNow(new Date('2026-10-12T02:00:00Z'), { freeze: true });
		await cells.saveSection(
			t.db,
			hotel,
			s.id,
			'basics',
			{ values: { m_sorting: 'yes', m_person: 'no', m_type: 'no' }, notes: { m_sorting: '新照片' } },
			[
				{ criterionId: 'm_sorting', bytes: await photo(), name: 'new.jpg' },
				{ criterionId: 'm_person', bytes: PDF, name: 'x.pdf' }
			]
		);
		await cells.saveSection(t.db, hotel, s.id, 'management', { values: { g_plan: 'no' }, notes: {} }, []);
		const rows = Object.fromEntries(cells.answers(t.db, s.id).map((r) => [r.criterionId, r]));
		expect(rows.m_sorting.note).toBe('新照片');
		expect(rows.m_person.value).toBe('yes');
		expect(rows.m_type.value).toBe('yes');
		expect(rows.g_plan.value).toBe('yes');
		const ev = cells.evidence(t.db, s.id);
		expect(ev.filter((e) => e.criterionId === 'm_sorting').length).toBe(2);
		expect(ev.filter((e) => e.criterionId === 'm_person').length).toBe(1);
		expect(cells.transition(t.db, hotel, s.id, 'resubmit')).toEqual({ ok: true, status: 'under_review' });
		expect(cells.get(t.db, s.id)!.reopened).toBeNull();
		// locked again after resubmitting
		await cells.saveSection(t.db, hotel, s.id, 'basics', { values: { m_sorting: 'no' }, notes: {} }, []);
		expect(cells.answers(t.db, s.id).find((r) => r.criterionId === 'm_sorting')!.value).toBe('yes');
	});
});

describe('公示 and objections', () => {
	it('objections are taken only while the notice runs; certification waits for the window and for every objection', async () => {
		const { reviewer, id } = await toNotice();
		expect(cells.notices(t.db).map((n) => n.id)).toContain(id);
		expect(cells.fileObjection(t.db, id, '短', '', '1.1.1.1')).toEqual({ ok: false, error: 'reason_required' });
		expect(cells.fileObjection(t.db, id, '酒店仍在主动提供一次性牙刷', '13900000000', '1.1.1.1')).toEqual({ ok: true });
		expect(cells.transition(t.db, reviewer, id, 'certify')).toEqual({ ok: false, error: 'notice_open' });
		advance(7 * 86400000 - 1000);
		expect(cells.fileObjection(t.db, id, '最后一秒的异议', '', '1.1.1.2')).toEqual({ ok: true });
		advance(1000);
		// the window has closed
		expect(cells.fileObjection(t.db, id, '迟到的异议内容', '', '1.1.1.3')).toEqual({ ok: false, error: 'closed' });
		expect(cells.transition(t.db, reviewer, id, 'certify')).toEqual({ ok: false, error: 'objection_open' });
		const [o1, o2] = cells.objections(t.db, id);
		expect(cells.dismissObjection(t.db, reviewer, id, o1.id, '')).toEqual({ ok: false, error: 'reason_required' });
		expect(cells.dismissObjection(t.db, reviewer, id, o1.id, '现场核查未发现')).toEqual({ ok: true });
		expect(cells.transition(t.db, reviewer, id, 'certify')).toEqual({ ok: false, error: 'objection_open' });
		expect(cells.dismissObjection(t.db, reviewer, id, o2.id, '与事实不符')).toEqual({ ok: true });
		expect(cells.transition(t.db, reviewer, id, 'certify')).toEqual({ ok: true, status: 'certified' });
	});
	it('an upheld objection sends the application back to review (audited)', async () => {
		const { reviewer, id } = await toNotice();
		cells.fileObjection(t.db, id, '分类桶长期混投', '', '1.1.1.1');
		const o = cells.objections(t.db, id)[0];
		expect(cells.transition(t.db, reviewer, id, 'uphold_objection', { objectionId: o.id })).toEqual({
			ok: false,
			error: 'reason_required'
		});
		expect(cells.transition(t.db, reviewer, id, 'uphold_objection', { objectionId: o.id, reason: '核实属实' })).toEqual(
			{ ok: true, status: 'under_review' }
		);
		expect(cells.objections(t.db, id)[0].status).toBe('upheld');
		expect(audit.list(t.db, { action: 'cell.uphold_objection' })[0]).toMatchObject({
			fromState: 'public_notice',
			toState: 'under_review'
		});
		expect(cells.fileObjection(t.db, id, '再次异议内容', '', '1.1.1.1')).toEqual({ ok: false, error: 'closed' });
	});
});

describe('who may see and review', () => {
	it('another organisation sees nothing, its files neither; 区教委 cannot review a hotel; admin can', async () => {
		const { hotel, reviewer, id } = await toNotice();
		const other = await orgUser('hotel');
		const teacher = await staffUser('education');
		const admin = await sessionUser((await staff(t.db, { role: 'admin' })).userId);
		const app = cells.get(t.db, id)!;
		expect(cells.mayView(hotel, app)).toBe(true);
		expect(cells.mayView(reviewer, app)).toBe(true);
		expect(cells.mayView(other, app)).toBe(false);
		expect(cells.mayView(teacher, app)).toBe(false);
		expect(cells.mayReview(teacher, app)).toBe(false);
		expect(cells.mayReview(admin, app)).toBe(true);
		expect(cells.transition(t.db, teacher, id, 'reject', { reason: 'x' })).toEqual({ ok: false, error: 'not_found' });
		expect(cells.queue(t.db, teacher)).toEqual([]);
		expect(cells.queue(t.db, reviewer).map((r) => r.app.id)).toContain(id);
		const f = files.get(t.db, cells.evidence(t.db, id)[0].fileId)!;
		expect(mayViewFile(t.db, f, hotel)).toBe(true);
		expect(mayViewFile(t.db, f, reviewer)).toBe(true);
		expect(mayViewFile(t.db, f, other)).toBe(false);
		expect(mayViewFile(t.db, f, teacher)).toBe(false);
		expect(mayViewFile(t.db, f, null)).toBe(false);
	});
	it("the park administration cannot review the park's own application; 区经信局 can", async () => {
		const park = await orgUser('park');
		const parkStaff = await staffUser('zgc_park_admin');
		const econ = await staffUser('economy_it');
		const s = cells.start(t.db, park, 'park');
		if (!s.ok) throw new Error();
		await fillAll(park, s.id);
		cells.transition(t.db, park, s.id, 'submit');
		const app = cells.get(t.db, s.id)!;
		expect(cells.mayReview(parkStaff, app)).toBe(false);
		expect(cells.mayReview(econ, app)).toBe(true);
		expect(cells.transition(t.db, parkStaff, s.id, 'accept')).toEqual({ ok: false, error: 'not_found' });
		// and staff who belong to the applicant organisation itself never review it
		expect(cells.mayReview({ ...econ, orgId: app.orgId }, app)).toBe(false);
	});
	it('an organisation applies for its own type; one open application per type', async () => {
		const hotel = await orgUser('hotel');
		const s = cells.start(t.db, hotel, 'school');
		if (!s.ok) throw new Error();
		expect(cells.get(t.db, s.id)!.cellType).toBe('hotel');
		expect(cells.start(t.db, hotel, 'hotel')).toEqual({ ok: false, error: 'already_open', id: s.id });
		const reviewer = await staffUser('culture_tourism');
		expect(cells.start(t.db, reviewer, 'hotel')).toEqual({ ok: false, error: 'forbidden' });
	});
	it('rejects files that are neither PDF nor an image', async () => {
		const hotel = await orgUser('hotel');
		const s = cells.start(t.db, hotel, 'hotel');
		if (!s.ok) throw new Error();
		const r = await cells.saveSection(
			t.db,
			hotel,
			s.id,
			'eligibility',
			{ values: { e_commitment: 'yes' }, notes: {} },
			[{ criterionId: 'e_commitment', bytes: new TextEncoder().encode('<html>hi</html>'), name: 'a.pdf' }]
		);
		expect(r).toEqual({ ok: true, errors: { e_commitment: 'file_bad_type' } });
		expect(cells.evidence(t.db, s.id)).toEqual([]);
		expect(cells.answers(t.db, s.id)[0].value).toBe('yes');
	});
});

describe('certificates over time', () => {
	it('progress counts valid certificates only: expiry by the clock, revoked and demo excluded', async () => {
		const { reviewer, id } = await toNotice();
		expect(cells.cellProgress(t.db)).toMatchObject({ total: 0, records: 0, totalTarget: 20, typeTargetSum: 29 }); // indicator 44 and 附件2 projects 1–5, both shown
		advance(7 * 86400000);
		cells.transition(t.db, reviewer, id, 'certify');
		const p = cells.cellProgress(t.db);
		expect(p).toMatchObject({ total: 1, records: 1 });
		expect(p.byType.find((x) => x.code === 'hotel')).toEqual({ code: 'hotel', count: 1, target: 2 });
		expect(p.byType.find((x) => x.code === 'park')).toEqual({ code: 'park', count: 0, target: 1 });
		expect(cells.register(t.db, { type: 'hotel', town: 'gubeikou' }).length).toBe(1);
		expect(cells.register(t.db, { town: 'gulou' }).length).toBe(0);
		// a demo certificate never counts
		t.db.update(cellApplications).set({ isDemo: true }).where(eq(cellApplications.id, id)).run();
		expect(cells.cellProgress(t.db)).toMatchObject({ total: 0, records: 0 });
		expect(cells.register(t.db).length).toBe(0);
		t.db.update(cellApplications).set({ isDemo: false }).where(eq(cellApplications.id, id)).run();
		// three years on, without the scheduler having run: expired at read time
		advance(3 * 366 * 86400000);
		expect(cells.cellProgress(t.db)).toMatchObject({ total: 0, records: 1 });
		expect(cells.verify(t.db, cells.get(t.db, id)!.verifyToken!)!.status).toBe('expired');
		expect(cells.verify(t.db, 'a'.repeat(32))).toBeUndefined();
	});

	it('reminds at 90 and 30 days once each, then expires; renewal pre-fills the answers', async () => {
		const { hotel, reviewer, id } = await toNotice();
		advance(7 * 86400000);
		cells.transition(t.db, reviewer, id, 'certify');
		const app = cells.get(t.db, id)!;
		const email = cells.orgEmails(t.db, app.orgId)[0];
		expect(runExpiry(t.db)).toEqual({ reminded: 0, expired: 0 });
		setNow(new Date(app.expiresAt!.getTime() - 89 * 86400000), { freeze: true });
		expect(runExpiry(t.db).reminded).toBe(1);
		expect(runExpiry(t.db).reminded).toBe(0);
		setNow(new Date(app.expiresAt!.getTime() - 29 * 86400000), { freeze: true });
		expect(runExpiry(t.db).reminded).toBe(1);
		// received, 公示 and certified came first; the expiry reminders are the cell.expiry template
		const sent = outbox.listFor(t.db, email).filter((m) => m.template === 'cell.expiry');
		expect(sent.map((m) => m.subject)).toEqual([expect.stringContaining('90'), expect.stringContaining('30')]);
		// renewal before expiry: a new draft with the previous answers and evidence
		const r = cells.start(t.db, hotel, 'hotel', id);
		if (!r.ok) throw new Error(r.error);
		expect(cells.answers(t.db, r.id).length).toBe(cells.answers(t.db, id).length);
		expect(cells.overview(t.db, cells.get(t.db, r.id)!).missing).toEqual([]);
		setNow(new Date(app.expiresAt!.getTime() + 1000), { freeze: true });
		expect(runExpiry(t.db)).toEqual({ reminded: 0, expired: 1 });
		expect(cells.get(t.db, id)!.status).toBe('expired');
		expect(audit.list(t.db, { action: 'cell.expire' })[0]).toMatchObject({
			actorType: 'system',
			fromState: 'certified',
			toState: 'expired'
		});
	});
});

describe('a recommendation rests on the reviewer’s own scores', () => {
	it('refuses to recommend until the reviewer has saved scores since the last (re)submission', async () => {
		const hotel = await orgUser('hotel');
		const reviewer = await staffUser('culture_tourism');
		const s = cells.start(t.db, hotel, 'hotel');
		if (!s.ok) throw new Error(s.error);
		await fillAll(hotel, s.id);
		for (const [who, a] of [
			[hotel, 'submit'],
			[reviewer, 'accept'],
			[reviewer, 'start_review']
		] as const)
			expect(cells.transition(t.db, who, s.id, a).ok).toBe(true);
		// the self-score passes, but nobody has reviewed it: refused, nothing changes
		expect(cells.overview(t.db, cells.get(t.db, s.id)!).self.passed).toBe(true);
		expect(cells.transition(t.db, reviewer, s.id, 'recommend')).toEqual({ ok: false, error: 'scores_required' });
		expect(cells.get(t.db, s.id)!.status).toBe('under_review');
		// scores saved ("same as the applicant" everywhere is a finding once saved): allowed
		expect(cells.saveReview(t.db, reviewer, s.id, {}, {})).toEqual({ ok: true, errors: {} });
		expect(cells.reviewedSinceSubmission(t.db, s.id)).toBe(true);
		// a 补正 round makes the earlier scores stale
		expect(
			cells.transition(t.db, reviewer, s.id, 'request_info', { items: ['m_sorting'], dueDay: '2026-10-30' }).ok
		).toBe(true);
		expect(cells.transition(t.db, hotel, s.id, 'resubmit').ok).toBe(true);
		expect(cells.reviewedSinceSubmission(t.db, s.id)).toBe(false);
		expect(cells.transition(t.db, reviewer, s.id, 'recommend')).toEqual({ ok: false, error: 'scores_required' });
		reviewAll(reviewer, s.id);
		expect(cells.transition(t.db, reviewer, s.id, 'recommend')).toEqual({ ok: true, status: 'recommended' });
	});

	it('a revoked certificate says why, for whoever scans its QR code', async () => {
		const { reviewer, id } = await toNotice();
		advance(7 * 86400000);
		expect(cells.transition(t.db, reviewer, id, 'certify').ok).toBe(true);
		const token = cells.get(t.db, id)!.verifyToken!;
		expect(cells.verify(t.db, token)!.revokedReason).toBeNull();
		expect(cells.transition(t.db, reviewer, id, 'revoke', { reason: '抽查发现一次性用品' }).ok).toBe(true);
		expect(cells.verify(t.db, token)).toMatchObject({ status: 'revoked', revokedReason: '抽查发现一次性用品' });
	});
});
