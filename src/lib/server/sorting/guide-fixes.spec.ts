/** The guide's known errors (issue 18), checked through the index the server and browser search. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import { buildIndex, type BuiltIndex } from './search-index';
import * as sorting from './service';
import { setNow } from '../clock';

let t: TestDb;
let idx: BuiltIndex;
beforeAll(() => {
	t = createTestDb();
	idx = buildIndex(t.db);
});
afterAll(() => t.close());

const topItem = (q: string) => idx.items.get(idx.searcher.search(q)[0]?.slug)!;
const byZh = (zh: string) => [...idx.items.values()].find((i) => i.zh === zh || i.synonyms.includes(zh))!;

describe('sorting guide fixes', () => {
	it('充电宝 is 可回收物 (北京市可回收物指导目录 2021), with the tape-the-port and swollen/leaking advice', () => {
		const it = topItem('充电宝');
		expect(it.category).toBe('recyclable');
		expect(it.instructions.zh).toContain('胶带');
		expect(it.instructions.zh).toMatch(/鼓包或漏液.*有害垃圾桶.*电池回收箱/);
	});
	it('化妆品瓶 finds a recyclable item first, and 瓶子 no longer sends cosmetics bottles to 其他垃圾', () => {
		expect(topItem('化妆品瓶').category).toBe('recyclable');
		const bottles = byZh('瓶子');
		expect(bottles.condition!.zh).not.toMatch(/(^|；)化妆品瓶→其他垃圾/);
		expect(bottles.condition!.zh).toContain('倒空冲净的化妆品瓶');
		expect(bottles.condition!.zh.split('；')[0]).toMatch(/化妆品瓶→可回收物|化妆品瓶.*→可回收物/);
	});
	it('宠物笼/狗笼 and 宠物铁笼 give the same answer', () => {
		for (const q of ['宠物笼', '狗笼', '宠物铁笼']) expect(topItem(q).category, q).toBe('recyclable');
		expect(byZh('狗笼').slug).toBe(byZh('宠物铁笼').slug);
	});
});

describe('variants, doubt and ranking', () => {
	it('answers that depend on the variant list them, with each variant’s bin', () => {
		const cat = (zh: string) => Object.fromEntries(byZh(zh).variants.map((v) => [v.zh, v.category]));
		expect(cat('废电池')).toMatchObject({ '普通干电池（无汞，1/5/7号）': 'other', 纽扣电池: 'hazardous' });
		expect(Object.values(cat('废灯泡')).sort()).toEqual(['hazardous', 'other']);
		for (const zh of ['过期饮料', '过期牛奶', '过期酱油']) {
			expect(
				byZh(zh).variants.map((v) => v.category),
				zh
			).toEqual([null, 'recyclable']);
		}
		expect(byZh('充电宝').variants).toEqual([]);
	});
	it('the index the browser searches as you type carries the variants too (no single badge for 废电池)', () => {
		const entry = (zh: string) => idx.index.items.find((i) => i.z.includes(zh))!;
		expect(entry('废电池').v).toEqual(byZh('废电池').variants.map((v) => ({ z: v.zh, e: v.en, c: v.category })));
		expect(entry('过期饮料').v!.map((v) => v.c)).toEqual([null, 'recyclable']);
		expect(entry('充电宝').v).toBeUndefined();
	});
	it('玉米核 is marked uncertain, as REVIEW.md rates it', () => {
		expect(byZh('玉米核').uncertain).toBe(true);
		expect(byZh('香蕉皮').uncertain).toBe(false);
	});
	it('"dc" ranks 废电池 first (shipped prior), ahead of 吊床, 秸秆 and 自行车', () => {
		expect(idx.searcher.search('dc')[0].slug).toBe('used-batteries');
	});
	it('real lookup counts, aggregated per day, lift an item; nothing personal is stored', () => {
		setNow(new Date('2026-06-01T02:00:00Z'), { freeze: true });
		const slugOf = (zh: string) => byZh(zh).slug;
		for (let i = 0; i < 50; i++) sorting.countLookup(t.db, slugOf('吊床'));
		const rows = t.db.$client.prepare('select * from sorting_lookups').all();
		expect(rows).toEqual([{ day: '2026-06-01', slug: 'hammock', n: 50 }]);
		const later = buildIndex(t.db, '2026-06-02');
		expect(later.searcher.search('dc')[0].slug).toBe('hammock');
		// counts older than the window no longer count
		expect(buildIndex(t.db, '2026-12-01').searcher.search('dc')[0].slug).toBe('used-batteries');
	});
});
