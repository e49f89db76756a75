/**
 * Loads a plan (period, indicators, tasks) from a JSON file in the format of
 * src/lib/server/indicators/data/miyun-2022-2025.json — adopting the next plan is data work.
 *   npm run -s plan:load -- --file PLAN.json [--dry-run]
 * Prints one JSON line. Exit 0 loaded (or valid, with --dry-run), 1 invalid file (errors listed;
 * nothing written), 2 bad usage. Loading the same file again changes nothing.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import * as app from '../src/lib/server/app';
import { config } from '../src/lib/server/config';
import { loadPlan } from '../src/lib/server/indicators/load';
import { planFileSchema } from '../src/lib/server/indicators/plan-file';

function usage(msg: string): never {
	console.error(`plan:load: ${msg}\nusage: npm run -s plan:load -- --file PLAN.json [--dry-run]`);
	process.exit(2);
}

let args: { file?: string; 'dry-run'?: boolean };
try {
	args = parseArgs({ options: { file: { type: 'string' }, 'dry-run': { type: 'boolean' } }, strict: true }).values;
} catch (e) {
	usage((e as Error).message);
}
if (!args.file) usage('--file is required');
let raw: unknown;
try {
	raw = JSON.parse(fs.readFileSync(args.file, 'utf8').replace(/^\uFEFF/, ''));
} catch (e) {
	console.log(JSON.stringify({ ok: false, errors: [`cannot read ${args.file}: ${(e as Error).message}`] }));
	process.exit(1);
}
if (args['dry-run']) {
	const r = planFileSchema.safeParse(raw);
	console.log(
		JSON.stringify(
			r.success
				? {
						ok: true,
						dryRun: true,
						code: r.data.plan.code,
						indicators: r.data.indicators.length,
						tasks: r.data.tasks.length
					}
				: { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }
		)
	);
	process.exit(r.success ? 0 : 1);
}
const r = loadPlan(app.open(config.databasePath), raw);
console.log(JSON.stringify(r));
process.exit(r.ok ? 0 : 1);
