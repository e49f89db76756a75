import { describe, it, expect } from 'vitest';
import fs from 'node:fs';

const load = (l: string) => JSON.parse(fs.readFileSync(`messages/${l}.json`, 'utf8')) as Record<string, string>;

describe('messages', () => {
	const zh = load('zh-CN');
	const en = load('en');
	it('zh-CN and en have exactly the same keys', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
	});
	it('no message is empty, and parameters match between languages', () => {
		const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
		for (const k of Object.keys(zh)) {
			if (k === '$schema') continue;
			expect(zh[k].trim(), k).not.toBe('');
			expect(en[k].trim(), k).not.toBe('');
			expect(params(en[k]), k).toEqual(params(zh[k]));
		}
	});
	it('keys are snake_case and sorted', () => {
		const keys = Object.keys(zh).filter((k) => k !== '$schema');
		expect(keys.every((k) => /^[a-z][a-z0-9_]*$/.test(k))).toBe(true);
		expect(keys).toEqual([...keys].sort());
	});
});
