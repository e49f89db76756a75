import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import * as sorting from './service';
import { sortingSuggestions } from './schema';
import { auditLog } from '../audit/schema';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());

const newItem = {
	zh: '冰墩墩摆件',
	synonyms: '冰墩墩',
	en: 'mascot figurine',
	category: 'other',
	instructionsZh: '完好的可以送人；损坏的投入其他垃圾桶。',
	instructionsEn: 'Give it away if intact; broken ones go in the other-waste bin.',
	materials: []
};

describe('search outcomes', () => {
	it('empty and whitespace queries are ok with no hits; over 100 code points is too_long', () => {
		expect(sorting.search(t.db, '')).toEqual({ ok: true, query: '', hits: [] });
		expect(sorting.search(t.db, '   ')).toEqual({ ok: true, query: '', hits: [] });
		expect(sorting.search(t.db, null)).toEqual({ ok: true, query: '', hits: [] });
		expect(sorting.search(t.db, '电'.repeat(100)).ok).toBe(true);
		expect(sorting.search(t.db, '电'.repeat(101))).toEqual({ ok: false, error: 'too_long' });
		expect(sorting.search(t.db, '😀'.repeat(100)).ok).toBe(true); // code points, not UTF-16 units
	});
});

describe('suggestion → item', () => {
	it('a visitor suggests, staff add the item, and it is found at once; all audited', () => {
		expect(sorting.search(t.db, '冰墩墩').ok && (sorting.search(t.db, '冰墩墩') as { hits: unknown[] }).hits).toEqual(
			[]
		);
		const s = sorting.suggest(t.db, { name: '冰墩墩', description: '<b>纪念品</b>', contact: '' }, '9.9.9.9', 'zh-CN');
		expect(s.ok).toBe(true);
		if (!s.ok) return;
		expect(sorting.suggestions(t.db)[0].description).toBe('<b>纪念品</b>'); // stored as text, escaped on output
		const r = sorting.addItem(t.db, 'staff-1', s.id, newItem);
		expect(r).toEqual({ ok: true, slug: 'mascot-figurine' });
		const found = sorting.search(t.db, '冰墩墩');
		expect(found.ok && found.hits[0].slug).toBe('mascot-figurine');
		const py = sorting.search(t.db, 'bingdundun');
		expect(py.ok && py.hits[0].slug).toBe('mascot-figurine');
		expect(sorting.suggestionById(t.db, s.id)!.status).toBe('added');
		const actions = t.db
			.select()
			.from(auditLog)
			.all()
			.map((a) => a.action);
		expect(actions).toEqual(
			expect.arrayContaining(['sorting.suggest', 'sorting.item_add', 'sorting.suggestion_added'])
		);
	});

	it('merging a suggestion adds a synonym to an existing item', () => {
		const s = sorting.suggest(t.db, { name: '香蕉皮儿子' }, '9.9.9.9', 'zh-CN');
		if (!s.ok) throw new Error();
		const target = sorting.findItem(t.db, '香蕉皮')!;
		expect(sorting.mergeAsSynonym(t.db, 'staff-1', s.id, target.slug)).toEqual({ ok: true, slug: target.slug });
		const r = sorting.search(t.db, '香蕉皮儿子');
		expect(r.ok && r.hits[0]).toEqual({ slug: target.slug, score: 0.95 });
		const e = sorting.suggest(t.db, { name: 'nana skin' }, '9.9.9.9', 'en');
		if (!e.ok) throw new Error();
		sorting.mergeAsSynonym(t.db, 'staff-1', e.id, target.slug);
		expect(sorting.item(t.db, target.slug)!.en).toContain('nana skin');
	});

	it('a handled suggestion cannot be handled again (illegal transition)', () => {
		const s = sorting.suggest(t.db, { name: '某物' }, '9.9.9.9', 'zh-CN');
		if (!s.ok) throw new Error();
		expect(sorting.reject(t.db, 'staff-1', s.id, '重复')).toEqual({ ok: true });
		expect(sorting.reject(t.db, 'staff-1', s.id, '')).toEqual({ ok: false, error: 'already_resolved' });
		expect(sorting.addItem(t.db, 'staff-1', s.id, newItem)).toEqual({ ok: false, error: 'already_resolved' });
		expect(sorting.reject(t.db, 'staff-1', 9999, '')).toEqual({ ok: false, error: 'not_found' });
	});

	it('refuses a new item whose name another item already uses, and writes nothing', () => {
		const before = t.db.select().from(auditLog).all().length;
		const r = sorting.addItem(t.db, 'staff-1', null, { ...newItem, zh: '香蕉皮' });
		expect(r).toMatchObject({ ok: false, error: 'invalid', fields: { zh: 'name_taken' } });
		expect(sorting.addItem(t.db, 'staff-1', null, { ...newItem, en: 'Banana Peel' })).toMatchObject({
			fields: { en: 'name_taken' }
		});
		expect(sorting.addItem(t.db, 'staff-1', null, { ...newItem, category: 'compost' })).toMatchObject({
			fields: { category: 'choose' }
		});
		expect(t.db.select().from(auditLog).all().length).toBe(before);
	});

	it('validates and rate-limits suggestions', () => {
		expect(sorting.suggest(t.db, { name: '  ' }, '8.8.8.8', 'zh-CN')).toMatchObject({
			ok: false,
			fields: { name: 'required' }
		});
		expect(sorting.suggest(t.db, { name: 'x'.repeat(61) }, '8.8.8.8', 'zh-CN')).toMatchObject({
			ok: false,
			fields: { name: 'too_long' }
		});
		for (let i = 0; i < 20; i++) expect(sorting.suggest(t.db, { name: `物品${i}` }, '7.7.7.7', 'zh-CN').ok).toBe(true);
		expect(sorting.suggest(t.db, { name: '再一个' }, '7.7.7.7', 'zh-CN')).toEqual({ ok: false, error: 'limited' });
		expect(t.db.select().from(sortingSuggestions).all()).toHaveLength(20);
	});
});
