// Read benchmark: what anonymous visitors read most — the guide's search API, guide item pages,
// the points GeoJSON near a location, the home page — beside, in the same run, the machine's
// ceiling (bare node:http answering a body of the same size) and the framework's floor (this app's
// constant JSON endpoint and a trivial page in the site's layout, both uncached). 50 connections,
// 10 s, median of 3. Targets (#10): each ≥ 0.8 × the floor for its kind, p99 < 50 ms.
//
// The page cache is on, as in production. Searches and item pages cycle through a fixed sample
// (many visitors asking the same things); every points request asks from a new random location
// inside Miyun, so that row measures the points query itself, not the cache.
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuild, startApp, startBare, measure, report } from './lib.mjs';
import { sortQueries } from './queries.mjs';

ensureBuild();
const app = await startApp(4410);
const dir = 'src/lib/server/sorting/data';
const slugs = fs
	.readdirSync(dir)
	.filter((f) => f.endsWith('.json'))
	.sort()
	.flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).map((i) => i.slug));
const itemSample = slugs.filter((_, i) => i % Math.ceil(slugs.length / 100) === 0);
const queries = sortQueries(40);

const text = async (p) => (await fetch(app.url + p)).text();
const searchBody = await text(`/api/sort/search?q=${encodeURIComponent(queries[0])}`);
const homeBody = await text('/');
const bareJson = await startBare(4411, searchBody);
const bareHtml = await startBare(4412, homeBody, 'text/html; charset=utf-8');

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const near = () => `${(40.25 + rand() * 0.45).toFixed(6)},${(116.75 + rand() * 0.65).toFixed(6)}`;

try {
	const rows = [];
	const add = async (kind, name, opts) => rows.push({ kind, ...(await measure(name, opts)) });
	await add('json', 'bare node:http JSON (ceiling)', { url: bareJson.url });
	await add('json', 'app constant JSON (floor)', { url: `${app.url}/__test/constant-json?bytes=${searchBody.length}` });
	await add('json', 'GET /api/sort/search', {
		url: app.url,
		requests: queries.map((q) => ({ method: 'GET', path: `/api/sort/search?q=${encodeURIComponent(q)}` }))
	});
	await add('json', 'GET /api/points?near= (new place each time)', {
		url: app.url,
		requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/points?near=${near()}&limit=10` }) }]
	});
	await add('page', 'bare node:http HTML (ceiling)', { url: bareHtml.url });
	await add('page', 'app trivial page (floor)', { url: `${app.url}/__test/floor` });
	await add('page', 'GET / (home)', { url: `${app.url}/` });
	await add('page', 'GET /sort/item/:slug', {
		url: app.url,
		requests: itemSample.map((s) => ({ method: 'GET', path: `/sort/item/${s}` }))
	});
	await add('page', 'GET /en/sort/item/:slug', {
		url: app.url,
		requests: itemSample.map((s) => ({ method: 'GET', path: `/en/sort/item/${s}` }))
	});
	const floor = { json: rows[1].reqPerSec, page: rows[5].reqPerSec };
	for (const r of rows) {
		r.ratioToFloor = Math.round((r.reqPerSec / floor[r.kind]) * 100) / 100;
		if (!/ceiling|floor/.test(r.name))
			r.meetsTarget = r.ratioToFloor >= 0.8 && r.p99ms < 50 && r.non2xx === 0 && r.errors === 0;
	}
	report('reads', rows, {
		searches: queries.length,
		items: itemSample.length,
		target: 'each ≥ 0.8 × floor of its kind, p99 < 50 ms at 50 connections'
	});
} finally {
	app.stop();
	bareJson.stop();
	bareHtml.stop();
}
