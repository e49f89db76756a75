// Queries drawn from the item list: Chinese names, full pinyin, initials, English, and typos in
// pinyin and English (a deterministic sample, so runs compare).
import fs from 'node:fs';
import path from 'node:path';
import { pinyin } from 'pinyin-pro';

export function sortQueries(n = 40) {
	const dir = 'src/lib/server/sorting/data';
	const items = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
	let seed = 42;
	const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	const pick = Array.from({ length: n }, () => items[Math.floor(rand() * items.length)]);
	const typo = (s) => (s.length < 5 ? s : s.slice(0, 2) + s[3] + s[2] + s.slice(4));
	const out = [];
	for (const it of pick) {
		const syl = pinyin(it.zh, { toneType: 'none', type: 'array' });
		out.push(it.zh, syl.join(''), syl.map((s) => s[0]).join(''), it.en[0], typo(syl.join('')), typo(it.en[0]));
	}
	return out;
}
