// npm run bench: every benchmark in turn (not part of npm test). Each prints a table and writes
// bench/results/*.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const only = process.argv[2];
const all = [
	'reads.mjs',
	'writes.mjs',
	'size.mjs',
	'lighthouse.mjs',
	'startup.mjs',
	'sort-search.mjs',
	'sort-search-browser.mjs'
];
let failed = false;
for (const b of all.filter((f) => !only || f.startsWith(only))) {
	if (!fs.existsSync(`bench/${b}`)) continue;
	console.log(`\n=== ${b}`);
	const r = spawnSync(process.execPath, [`bench/${b}`], { stdio: 'inherit' });
	if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
