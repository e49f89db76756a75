/**
 * Indicators 54–56 from a perception survey, as GET /api/indicators/perception gives them.
 *   npm run -s indicators -- [--survey SLUG] [--json]
 * With --json prints the JSON and nothing else; without, a short table. Exit 0 ok, 1 no such
 * survey (or none built from the perception template), 2 bad usage.
 */
import { parseArgs } from 'node:util';
import * as app from '../src/lib/server/app';
import { config } from '../src/lib/server/config';
import { perceptionReport } from '../src/lib/server/surveys/indicators';

let args;
try {
	args = parseArgs({ options: { survey: { type: 'string' }, json: { type: 'boolean' } }, strict: true }).values;
} catch (e) {
	console.error(`indicators: ${(e as Error).message}`);
	console.error('usage: npm run -s indicators -- [--survey SLUG] [--json]');
	process.exit(2);
}
const db = app.open(config.databasePath);
const r = perceptionReport(db, args.survey);
if (!r) {
	console.error(
		args.survey
			? `indicators: no perception survey "${args.survey}"`
			: 'indicators: no perception survey has been opened'
	);
	process.exit(1);
}
if (args.json) process.stdout.write(JSON.stringify(r) + '\n');
else {
	const pct = (x: number | null) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
	console.log(`survey ${r.survey} · 基本满意 counted as satisfied: ${r.satisfactionCountsBasic ? 'yes' : 'no'}`);
	for (const i of r.indicators)
		console.log(
			`${i.no}  n=${i.n}  weighted ${pct(i.weightedRate)} (95% on n_eff ${i.effectiveN ?? '—'}: ${pct(i.weightedCiLow)}–${pct(i.weightedCiHigh)})  unweighted ${pct(i.rate)} (95% ${pct(i.ciLow)}–${pct(i.ciHigh)})  deff ${i.deff ?? '—'}  target ${pct(i.target)}  ${i.status} (on the ${i.statusBasis} rate)`
		);
}
db.$client.close();
