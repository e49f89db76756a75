import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import { setNow } from '../clock';
import * as svc from './service';
import * as builder from './builder';
import * as audit from '../audit';

let t: TestDb;
let adminId: string;
beforeEach(async () => {
	t = createTestDb();
	setNow(new Date('2026-10-12T02:00:00Z'), { freeze: true });
	adminId = (await staff(t.db, { role: 'admin' })).userId;
});
afterEach(() => t.close());

function survey() {
	const r = svc.create(t.db, adminId, {
		slug: 'builder-test',
		titleZh: '构建器测试',
		titleEn: 'Builder test',
		collectorZh: '密云区城管委',
		collectorEn: 'Miyun City Management Commission',
		contact: 'survey@example.gov.cn',
		template: true
	});
	if (!r.ok) throw new Error('create');
	return r.id;
}
const codesOf = (id: number) => svc.byId(t.db, id)!.definition.sections.map((s) => s.questions.map((q) => q.code));

describe('survey builder', () => {
	it('moves a question within its section while a draft; not past the edges; not once open', () => {
		const id = survey();
		const [first] = codesOf(id);
		expect(first.length).toBeGreaterThan(1);
		const [a, b] = first;
		expect(builder.moveQuestion(t.db, adminId, id, b, 'up')).toEqual({ ok: true });
		expect(codesOf(id)[0].slice(0, 2)).toEqual([b, a]);
		expect(builder.moveQuestion(t.db, adminId, id, b, 'up')).toEqual({ ok: false, problems: ['edge'] });
		expect(builder.moveQuestion(t.db, adminId, id, b, 'down')).toEqual({ ok: true });
		expect(codesOf(id)[0].slice(0, 2)).toEqual([a, b]);
		expect(builder.moveQuestion(t.db, adminId, id, 'no_such', 'up')).toEqual({ ok: false, problems: ['not_found'] });
		expect(svc.transition(t.db, adminId, id, 'open').ok).toBe(true);
		const before = codesOf(id);
		expect(builder.moveQuestion(t.db, adminId, id, b, 'up')).toEqual({ ok: false, problems: ['not_editable'] });
		expect(codesOf(id)).toEqual(before);
	});

	it('rewords a question of an open survey, changing nothing else; audited; archived surveys are fixed', () => {
		const id = survey();
		expect(svc.transition(t.db, adminId, id, 'open').ok).toBe(true);
		const q = svc.byId(t.db, id)!.definition.sections[0].questions[0];
		const structure = JSON.stringify(
			svc.byId(t.db, id)!.definition.sections.map((s) => s.questions.map((x) => ({ ...x, zh: '', en: '' })))
		);
		expect(builder.setWording(t.db, adminId, id, q.code, { zh: ' ', en: 'x' })).toEqual({
			ok: false,
			problems: ['text_required']
		});
		expect(
			builder.setWording(t.db, adminId, id, q.code, { zh: '您住在哪个镇街？', en: 'Which town do you live in?' })
		).toEqual({
			ok: true
		});
		const after = svc.byId(t.db, id)!.definition;
		expect(after.sections[0].questions[0]).toMatchObject({
			code: q.code,
			zh: '您住在哪个镇街？',
			en: 'Which town do you live in?'
		});
		expect(JSON.stringify(after.sections.map((s) => s.questions.map((x) => ({ ...x, zh: '', en: '' }))))).toBe(
			structure
		);
		expect(audit.list(t.db, { action: 'survey.wording' })[0]).toMatchObject({ subjectId: String(id) });
		for (const a of ['close', 'archive']) expect(svc.transition(t.db, adminId, id, a).ok).toBe(true);
		expect(builder.setWording(t.db, adminId, id, q.code, { zh: '改', en: 'changed' })).toEqual({
			ok: false,
			problems: ['archived']
		});
	});
});
