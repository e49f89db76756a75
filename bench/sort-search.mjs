// Server search benchmark: GET /api/sort/search over queries drawn from the item list (Chinese,
// pinyin, initials, English, typos), beside a bare node:http server returning a JSON of the same
// size (the machine's ceiling) and a constant-JSON endpoint of this app (the framework's floor),
// all in the same run. 50 connections, 10 s, median of 3.
import { ensureBuild, startApp, startBare, measure, report } from './lib.mjs';
import { sortQueries } from './queries.mjs';

ensureBuild();
const app = await startApp(4400);
const queries = sortQueries(40);
const sample = await (await fetch(`${app.url}/api/sort/search?q=${encodeURIComponent(queries[0])}`)).text();
const size = sample.length;
const bare = await startBare(4401, sample);
const requests = queries.map((q) => ({ method: 'GET', path: `/api/sort/search?q=${encodeURIComponent(q)}` }));
try {
	const rows = [];
	rows.push(await measure('bare node:http (ceiling)', { url: bare.url }));
	rows.push(await measure('app constant JSON (floor)', { url: `${app.url}/__test/constant-json?bytes=${size}` }));
	rows.push(await measure('app /api/sort/search', { url: app.url, requests }));
	const floor = rows[1].reqPerSec;
	for (const r of rows) r.ratioToFloor = Math.round((r.reqPerSec / floor) * 100) / 100;
	report('sort-search', rows, {
		queries: queries.length,
		responseBytes: size,
		target: 'search ≥ 0.8 × floor, p99 < 50 ms at 50 connections'
	});
} finally {
	app.stop();
	bare.stop();
}
