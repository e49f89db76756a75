import { describe, it, expect } from 'vitest';
import { allItems, DATA_FILES } from './data';
import fs from 'node:fs';
import path from 'node:path';

describe('sorting guide data', () => {
	const items = allItems();

	it('has at least 800 valid items, every one with both names, a category and both instructions', () => {
		expect(items.length).toBeGreaterThanOrEqual(800);
		for (const it of items) {
			expect(it.zh.trim(), it.slug).not.toBe('');
			expect(it.en.length, it.slug).toBeGreaterThan(0);
			expect(it.instructions.zh.trim(), it.slug).not.toBe('');
			expect(it.instructions.en.trim(), it.slug).not.toBe('');
		}
	});

	it('loads every file in the data folder', () => {
		const files = fs
			.readdirSync(path.resolve('src/lib/server/sorting/data'))
			.filter((f) => f.endsWith('.json'))
			.map((f) => f.replace(/\.json$/, ''));
		expect(Object.keys(DATA_FILES).sort()).toEqual(files.sort());
	});

	it('has no duplicate slugs, Chinese names/synonyms or English names across items', () => {
		const seen = { slug: new Map<string, string>(), zh: new Map<string, string>(), en: new Map<string, string>() };
		const dupes: string[] = [];
		for (const it of items) {
			if (seen.slug.has(it.slug)) dupes.push(`slug ${it.slug}`);
			seen.slug.set(it.slug, it.slug);
			for (const n of [it.zh, ...it.synonyms]) {
				if (seen.zh.has(n)) dupes.push(`zh ${n}: ${seen.zh.get(n)} / ${it.slug}`);
				seen.zh.set(n, it.slug);
			}
			for (const n of it.en.map((e) => e.toLowerCase())) {
				if (seen.en.has(n)) dupes.push(`en ${n}: ${seen.en.get(n)} / ${it.slug}`);
				seen.en.set(n, it.slug);
			}
		}
		expect(dupes).toEqual([]);
	});

	it("follows Beijing's rules on the cases people get wrong", () => {
		const by = (zh: string) => items.find((i) => i.zh === zh || i.synonyms.includes(zh));
		const cat = (zh: string) => by(zh)?.category;
		expect(cat('5号电池') ?? cat('干电池')).toBe('other');
		expect(cat('充电电池')).toBe('hazardous');
		expect(cat('纽扣电池')).toBe('hazardous');
		expect(cat('榴莲壳')).toBe('other');
		expect(cat('椰子壳')).toBe('other');
		expect(cat('大骨头') ?? cat('大棒骨')).toBe('other');
		expect(cat('鸡骨头')).toBe('kitchen');
		expect(cat('奶茶杯')).toBe('other');
		expect(by('奶茶杯')!.parts.some((p) => p.category === 'kitchen')).toBe(true);
		expect(cat('过期药品')).toBe('hazardous');
		expect(cat('荧光灯管')).toBe('hazardous');
		expect(cat('农药瓶')).toBe('special');
		expect(cat('废旧地膜')).toBe('special');
		expect(cat('沙发')).toBe('bulky');
		expect(cat('碎砖')).toBe('renovation');
	});

	it('says so when the category depends on the state of the item', () => {
		const conditional = items.filter((i) => i.condition);
		expect(conditional.length).toBeGreaterThan(10);
		for (const it of conditional) expect(it.condition!.zh + it.condition!.en, it.slug).toContain('→');
	});

	it('is plain text: no HTML in any string', () => {
		expect(JSON.stringify(items)).not.toMatch(/<[a-z/]/i);
	});
});
