// Issue 16: do forgot-password and registration answer an address with an account as fast as one
// without? 20 requests each, alternated, against the production build (npm run build first) on
// a temporary database, with a pause after each so work done after an answer is not counted in
// the next one. Run: npx tsx bench/enumeration-timing.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, launch, serverEnv } from '../scripts/launch.mjs';
import { addOrg } from '../tests/in-db';
import { creditCode } from '../tests/helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h-reg-timing-'));
const port = await freePort();
const s = await launch({
	env: serverEnv({
		port,
		dir,
		env: {
			RATE_LIMIT_RESET_IP: '10000/3600',
			RATE_LIMIT_RESET_ACCOUNT: '10000/3600',
			RATE_LIMIT_REGISTER: '10000/3600'
		}
	}),
	timeoutMs: 120000
});
const origin = s.origin;
const known = 'known-org@example.com';
await addOrg(path.join(dir, 'miyun.db'), known);
const post = async (p: string, body: Record<string, string>) => {
	const t = performance.now();
	const r = await fetch(origin + p, {
		method: 'POST',
		headers: { origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams(body),
		redirect: 'manual'
	});
	await r.text();
	const ms = performance.now() - t;
	await new Promise((z) => setTimeout(z, 150)); // let work done after the answer finish
	return { ms, status: r.status };
};
const stats = (a: number[]) => {
	const x = [...a].sort((p, q) => p - q);
	const mean = x.reduce((p, q) => p + q, 0) / x.length;
	return `median ${x[Math.floor(x.length / 2)].toFixed(1)} ms, mean ${mean.toFixed(1)} ms, min ${x[0].toFixed(1)}, max ${x.at(-1)!.toFixed(1)}`;
};
// warm up
for (let i = 0; i < 3; i++) {
	await post('/login/forgot', { email: known });
	await post('/login/forgot', { email: `w${i}@example.com` });
}
const fk: number[] = [];
const fu: number[] = [];
for (let i = 0; i < 20; i++) {
	const a = await post('/login/forgot', { email: known });
	const b = await post('/login/forgot', { email: `nobody${i}@example.com` });
	if (a.status !== 200 || b.status !== 200) throw new Error(`status ${a.status} ${b.status}`);
	fk.push(a.ms);
	fu.push(b.ms);
}
console.log(`forgot-password, existing: ${stats(fk)}`);
console.log(`forgot-password, unknown:  ${stats(fu)}`);
const reg = (email: string, n: number) => ({
	orgName: '计时测试单位（示例 sample）',
	orgType: 'school',
	town: 'gulou',
	creditCode: creditCode(500000 + n),
	contactName: '张三',
	contactPhone: '13800000000',
	email,
	password: 'a long and private passphrase'
});
const rk: number[] = [];
const ru: number[] = [];
for (let i = 0; i < 20; i++) {
	const a = await post('/register', reg(known, i * 2));
	const b = await post('/register', reg(`new${i}@example.com`, i * 2 + 1));
	if (a.status !== 200 || b.status !== 200) throw new Error(`status ${a.status} ${b.status}`);
	rk.push(a.ms);
	ru.push(b.ms);
}
console.log(`register, address in use: ${stats(rk)}`);
console.log(`register, new address:    ${stats(ru)}`);
await s.stop();
fs.rmSync(dir, { recursive: true, force: true });
