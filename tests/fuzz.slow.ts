// The long fuzz run: FUZZ_RUNS (10,000 under playwright.slow.config.ts) generated inputs spread
// over every public form and JSON endpoint, same properties as fuzz.e2e.ts.
import { test } from './kit';
import { setUp, fuzzTarget, type Fixture, type Tally } from './fuzz-core';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 10000);
let fx: Fixture;
const tally: Tally = { inputs: 0, byStatus: {} };

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
	test.setTimeout(120000);
	fx = await setUp();
});
test.afterAll(async () => {
	console.log(`fuzz (slow): ${tally.inputs} generated inputs, statuses ${JSON.stringify(tally.byStatus)}`);
	await fx?.stop();
});

test('every public form and JSON endpoint under a long generated run', async () => {
	// about 5 inputs a second on a shared 2-core machine (3,000 took 10 minutes): 10,000 take some 35
	test.setTimeout(Math.max(30 * 60 * 1000, TOTAL * 300));
	const per = Math.ceil(TOTAL / fx.targets.length);
	for (const t of fx.targets) await fuzzTarget(fx, t, per, tally);
});
