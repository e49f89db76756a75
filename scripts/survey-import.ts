/**
 * Imports survey results collected elsewhere (format in the README).
 *   npm run survey:import -- --survey SLUG --file F.csv [--dry-run]
 * Prints the row errors (and writes nothing) when any row is bad. Exit 0 ok, 1 refused (bad rows,
 * unknown survey or columns), 2 bad usage.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import * as app from '../src/lib/server/app';
import { config } from '../src/lib/server/config';
import { bySlug } from '../src/lib/server/surveys/service';
import { commitImport, decode, previewImport, type ImportPreview } from '../src/lib/server/surveys/import';

let args;
try {
	args = parseArgs({
		options: { survey: { type: 'string' }, file: { type: 'string' }, 'dry-run': { type: 'boolean' } },
		strict: true
	}).values;
	if (!args.survey || !args.file) throw new Error('--survey and --file are required');
} catch (e) {
	console.error(`survey:import: ${(e as Error).message}`);
	console.error('usage: npm run survey:import -- --survey SLUG --file F.csv [--dry-run]');
	process.exit(2);
}
let csv: string;
try {
	csv = decode(new Uint8Array(fs.readFileSync(args.file!)));
} catch (e) {
	console.error(`survey:import: cannot read ${args.file}: ${(e as Error).message}`);
	process.exit(2);
}
const db = app.open(config.databasePath);
const s = bySlug(db, args.survey!);
if (!s) {
	console.error(`survey:import: no survey "${args.survey}"`);
	process.exit(1);
}
function report(p: ImportPreview | null): void {
	if (!p) return;
	if (p.fileError)
		console.error(`survey:import: ${p.fileError}${p.unknownColumns.length ? ': ' + p.unknownColumns.join(', ') : ''}`);
	for (const e of p.errors)
		console.error(`line ${e.line}, column ${e.column}: ${e.error}${e.value ? ` (${e.value})` : ''}`);
}
if (args['dry-run']) {
	const p = previewImport(db, s.id, csv)!;
	report(p);
	const ok = !p.fileError && !p.errors.length;
	console.log(
		ok
			? `dry run: ${p.rows} rows would be imported into ${s.slug}`
			: `dry run: nothing would be imported (${p.errors.length} row errors)`
	);
	process.exit(ok ? 0 : 1);
}
const r = commitImport(db, { type: 'system' }, s.id, csv);
if (!r.ok) {
	report(r.preview);
	console.log('nothing imported');
	process.exit(1);
}
console.log(`imported ${r.imported} responses into ${s.slug}`);
db.$client.close();
