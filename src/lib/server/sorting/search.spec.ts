/**
 * Ranking over the real data set, through the index the server builds (pinyin-pro) and the
 * shared searcher the browser also runs. Each case: the query, and the slug that must come first
 * (or be among the first N).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import { buildIndex, type BuiltIndex } from './search-index';
import { editDistance, normalise, singular } from '../../sorting/search';

let t: TestDb;
let idx: BuiltIndex;
beforeAll(() => {
	t = createTestDb();
	idx = buildIndex(t.db);
});
afterAll(() => t.close());

const first = (q: string) => idx.searcher.search(q)[0]?.slug;
const top = (q: string, n: number) =>
	idx.searcher
		.search(q)
		.slice(0, n)
		.map((h) => h.slug);
const slugOf = (zh: string) => [...idx.items.values()].find((i) => i.zh === zh)!.slug;

describe('exact Chinese names and synonyms', () => {
	const cases: [string, string][] = [
		['香蕉皮', '香蕉皮'],
		['奶茶杯', '奶茶杯'],
		['充电宝', '充电宝'],
		['烟头', '烟头'],
		['自拍杆', '自拍杆'],
		['沙发', '沙发'],
		['荧光灯管', '荧光灯管'],
		['过期药品', '过期药品'],
		['牛奶盒', '牛奶盒'],
		['骨头', '骨头'],
		['榴莲壳', '榴莲壳'],
		['鸡骨头', '鸡骨头'],
		['农药瓶', '农药瓶'],
		['碎砖', '碎砖']
	];
	for (const [q, zh] of cases) it(`${q} → ${zh}`, () => expect(first(q)).toBe(slugOf(zh)));

	it('a synonym finds its item: 布艺沙发 → 沙发', () => expect(first('布艺沙发')).toBe(slugOf('沙发')));
	it('full-width and spaces are ignored: " 奶茶杯 " and "奶 茶 杯"', () => {
		expect(first(' 奶茶杯 ')).toBe(slugOf('奶茶杯'));
		expect(first('奶 茶 杯')).toBe(slugOf('奶茶杯'));
	});
});

describe('pinyin and initials', () => {
	const cases: [string, string][] = [
		['xiangjiaopi', '香蕉皮'],
		['XiangJiaoPi', '香蕉皮'],
		['xiang jiao pi', '香蕉皮'],
		['naichabei', '奶茶杯'],
		['chongdianbao', '充电宝'],
		['yantou', '烟头'],
		['zipaigan', '自拍杆'],
		['shafa', '沙发'],
		['guoqiyaopin', '过期药品'],
		['niunaihe', '牛奶盒'],
		['liulianke', '榴莲壳'],
		['ncb', '奶茶杯'],
		['cdb', '充电宝'],
		['zpg', '自拍杆']
	];
	for (const [q, zh] of cases) it(`${q} → ${zh}`, () => expect(top(q, 3)).toContain(slugOf(zh)));

	it('xjp (initials) puts 香蕉皮 in the first two', () => expect(top('xjp', 2)).toContain(slugOf('香蕉皮')));
	it("initials of an item's main name beat the same initials of another item's synonym: cdb → 充电宝", () =>
		expect(first('cdb')).toBe(slugOf('充电宝')));
	it('a pinyin prefix finds the item: xiangjiao → 香蕉皮', () =>
		expect(top('xiangjiao', 5)).toContain(slugOf('香蕉皮')));
});

describe('English words and plurals', () => {
	const cases: [string, string][] = [
		['banana peel', '香蕉皮'],
		['Banana peels', '香蕉皮'],
		['banana', '香蕉皮'],
		['power bank', '充电宝'],
		['powerbank', '充电宝'],
		['selfie stick', '自拍杆'],
		['selfie sticks', '自拍杆'],
		['sofa', '沙发'],
		['couch', '沙发'],
		['cigarette butts', '烟头'],
		['cigarette butt', '烟头'],
		['fluorescent tube', '荧光灯管'],
		['expired medicines', '过期药品'],
		['milk cartons', '牛奶盒'],
		['durian husk', '榴莲壳'],
		['chicken bones', '鸡骨头']
	];
	for (const [q, zh] of cases) it(`${q} → ${zh}`, () => expect(first(q)).toBe(slugOf(zh)));
	it('battery finds batteries of several kinds', () => {
		const cats = new Set(top('battery', 10).map((s) => idx.items.get(s)!.category));
		expect(cats.has('hazardous')).toBe(true);
	});
});

describe('typos', () => {
	const cases: [string, string][] = [
		['相蕉皮', '香蕉皮'], // homophone: 相 for 香
		['香焦皮', '香蕉皮'], // homophone: 焦 for 蕉
		['奶茶背', '奶茶杯'], // homophone: 背 for 杯
		['充电包', '充电宝'], // homophone: 包 for 宝
		['自拍竿', '自拍杆'], // homophone: 竿 for 杆
		['榴连壳', '榴莲壳'], // homophone: 连 for 莲
		['bananna peel', '香蕉皮'],
		['banan peel', '香蕉皮'],
		['selfy stick', '自拍杆'],
		['cigarete butts', '烟头'],
		['xiangjaopi', '香蕉皮'],
		['naichabie', '奶茶杯'],
		['chongdianbo', '充电宝'],
		['sofaa', '沙发']
	];
	for (const [q, zh] of cases) it(`${q} → ${zh}`, () => expect(top(q, 3)).toContain(slugOf(zh)));
});

describe('ranking order', () => {
	it('an exact name beats a prefix match: 骨头 before 鸡骨头', () => {
		const r = top('骨头', 10);
		expect(r.indexOf(slugOf('骨头'))).toBeLessThan(r.indexOf(slugOf('鸡骨头')));
	});
	it('exact scores 1, and scores fall tier by tier', () => {
		const exact = idx.searcher.search('香蕉皮')[0].score;
		const pinyin = idx.searcher.search('xiangjiaopi')[0].score;
		const homophone = idx.searcher.search('相蕉皮')[0].score;
		const typo = idx.searcher.search('xiangjaopi')[0].score;
		expect(exact).toBe(1);
		expect(exact).toBeGreaterThan(pinyin);
		expect(pinyin).toBeGreaterThan(homophone);
		expect(homophone).toBeGreaterThan(typo);
	});
	it('a synonym ranks below the exact name of another item with that name', () => {
		const hits = idx.searcher.search('沙发');
		expect(hits[0]).toEqual({ slug: slugOf('沙发'), score: 1 });
	});
	it('a prefix beats a typo', () => {
		const prefix = idx.searcher.search('banan')[0];
		expect(prefix.slug).toBe(slugOf('香蕉皮'));
		expect(prefix.score).toBeGreaterThan(idx.searcher.search('bananna peel')[0].score);
	});
	it('returns at most 20, best first, scores within 0–1', () => {
		const hits = idx.searcher.search('纸');
		expect(hits.length).toBeLessThanOrEqual(20);
		for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
		expect(hits.every((h) => h.score > 0 && h.score <= 1)).toBe(true);
	});
});

describe('regressions found in review', () => {
	const firstZh = (q: string) => idx.items.get(first(q))!.zh;
	it('"can" finds drink cans first, not candles', () => expect(firstZh('can')).toBe('易拉罐'));
	it('"glass" finds glass, not spectacles; "glasses" finds spectacles', () => {
		expect(firstZh('glass')).not.toBe('眼镜');
		expect(firstZh('glasses')).toBe('眼镜');
	});
	it('"phone" finds the phone before its case', () => expect(firstZh('phone')).toBe('手机'));
	it('"medicine" has expired medicines in the first three', () =>
		expect(top('medicine', 3)).toContain(slugOf('过期药品')));
	it("碗: an item named with 碗 beats another item's synonym 碗柜", () => expect(firstZh('碗')).toContain('碗'));
	it('several English words find names sharing them: "coffee cup" → a cup', () =>
		expect(idx.items.get(first('coffee cup'))!.en.join(' ')).toMatch(/cup/));
	it('Chinese characters in order: 猪骨 → 猪蹄骨', () => expect(firstZh('猪骨')).toBe('猪蹄骨'));
});

describe('odd input', () => {
	it('empty, spaces, emoji and punctuation give no results, never an error', () => {
		for (const q of ['', '   ', '😀😀', '!!!', '、。，']) expect(idx.searcher.search(q)).toEqual([]);
	});
	it('SQL- and HTML-looking queries are just text', () => {
		expect(() => idx.searcher.search("' OR 1=1 --")).not.toThrow();
		expect(() => idx.searcher.search('<script>alert(1)</script>')).not.toThrow();
		expect(idx.searcher.search('<battery>')[0].score).toBeGreaterThan(0.5);
	});
	it('nonsense finds nothing, and closest() still offers something near', () => {
		expect(idx.searcher.search('qzqzqzqz')).toEqual([]);
		expect(idx.searcher.closest('香蕉屁股').length).toBeGreaterThan(0);
	});
});

describe('helpers', () => {
	it('singular', () => {
		expect(['batteries', 'boxes', 'bottles', 'glasses', 'bus', 'peels', 'matches'].map(singular)).toEqual([
			'battery',
			'box',
			'bottle',
			'glasses',
			'bus',
			'peel',
			'match'
		]);
	});
	it('edit distance counts a transposition as one and stops early', () => {
		expect(editDistance('teh', 'the', 2)).toBe(1);
		expect(editDistance('battery', 'battery', 2)).toBe(0);
		expect(editDistance('kitten', 'sitting', 3)).toBe(3);
		expect(editDistance('a', 'abcdef', 2)).toBe(3);
	});
	it('normalise folds full-width letters and case', () => {
		expect(normalise('ＢＡＴＴＥＲＹ')).toBe('battery');
	});
});
