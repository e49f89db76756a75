/** The guide's known errors (issue 18), checked through the index the server and browser search. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import { buildIndex, type BuiltIndex } from './search-index';

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
