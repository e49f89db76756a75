// Generated hostile input against every public form and JSON endpoint (see fuzz-core.ts for the
// properties). FUZZ_RUNS inputs in all (default 300 here; the slow suite runs 10,000).
import { test } from './kit';
import { setUp, fuzzTarget, type Fixture, type Tally } from './fuzz-core';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 300);
let fx: Fixture;
const tally: Tally = { inputs: 0, byStatus: {} };

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
	test.setTimeout(120000);
	fx = await setUp();
});
test.afterAll(async () => {
	console.log(`fuzz: ${tally.inputs} generated inputs, statuses ${JSON.stringify(tally.byStatus)}`);
	await fx?.stop();
});

test('every public form and JSON endpoint: no 5xx, a refusal writes nothing, no hostile string echoed raw', async () => {
	test.setTimeout(115000);
	const per = Math.max(3, Math.ceil(TOTAL / fx.targets.length));
	for (const t of fx.targets) await fuzzTarget(fx, t, per, tally);
});
