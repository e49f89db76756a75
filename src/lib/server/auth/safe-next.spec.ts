import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { safeNext } from './login-flow';

/** What a browser does with a Location header value: resolve it against the site. */
function whereTo(location: string): string {
	return new URL(location, 'https://miyun.example/login').origin;
}

const HOSTILE = [
	'//',
	'/\\',
	'\\',
	'%2f%2f',
	'%2F',
	'%5c',
	'%5C',
	'/..',
	'/.',
	'..',
	'.',
	'%2e%2e',
	'%2e',
	'\t',
	'\n',
	'\r',
	' ',
	'\u0000',
	'／',
	'＼',
	'∕',
	'⁄',
	'⧸',
	'〳',
	'﹨',
	'evil.example',
	'@evil.example',
	':',
	'?',
	'#',
	'a',
	'/'
];
const piece = fc.oneof(
	{ arbitrary: fc.constantFrom(...HOSTILE), weight: 6 },
	{ arbitrary: fc.string({ maxLength: 4 }), weight: 2 },
	{ arbitrary: fc.string({ unit: 'binary', maxLength: 3 }), weight: 1 }
);
const hostile = fc.oneof(
	fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
	fc.array(piece, { maxLength: 12 }).map((p) => '/' + p.join('')),
	fc.nat({ max: 3000 }).map((n) => '/' + 'a/'.repeat(n))
);

describe('safeNext: one check for every redirect target', () => {
	it('keeps ordinary paths on this site', () => {
		expect(safeNext('/admin', '/x')).toBe('/admin');
		expect(safeNext('/en/admin/audit?type=user#top', '/x')).toBe('/en/admin/audit?type=user#top');
		expect(safeNext('/sort/item/电池', '/x')).toBe('/sort/item/%E7%94%B5%E6%B1%A0');
	});

	it('refuses the known ways out', () => {
		for (const bad of [
			'/..//evil.example',
			'/.//evil.example',
			'/a/..//evil.example',
			'/%2e%2e//evil.example',
			'/%2e//evil.example',
			'//evil.example',
			'/\\evil.example',
			'/%5cevil.example',
			'/%2fevil.example',
			'/%2F%2Fevil.example',
			'/\t/evil.example',
			'/／evil.example',
			'/＼evil.example',
			'https://evil.example',
			'evil.example',
			'/' + 'a'.repeat(2000)
		])
			expect(safeNext(bad, '/fallback'), JSON.stringify(bad)).toBe('/fallback');
	});

	it('whatever it is given, the answer stays on this site and starts with exactly one slash', () => {
		fc.assert(
			fc.property(hostile, (s) => {
				const out = safeNext(s, '/fallback');
				expect(out.startsWith('/')).toBe(true);
				expect(out.startsWith('//')).toBe(false);
				expect(/^\/[\\/]/.test(decodeURIComponentSafe(out))).toBe(false);
				expect(whereTo(out)).toBe('https://miyun.example');
				// eslint-disable-next-line no-control-regex -- no header splitting
				expect(/[\u0000-\u001f]/.test(out)).toBe(false);
			}),
			{ numRuns: 5000 }
		);
	});
});

function decodeURIComponentSafe(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}
