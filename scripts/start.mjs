#!/usr/bin/env node
/**
 * `npm start`: build if the build is missing or older than the sources, then serve the
 * production build with the site's defaults (PORT 3000, ORIGIN http://localhost:3000, a body
 * limit above the app's own). The database is created, migrated and loaded at server start.
 * Refuses test-only settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync, spawn } from 'node:child_process';

if (process.env.MIYUN_TEST_MODE === '1') {
	console.error('MIYUN_TEST_MODE=1 enables test-only hooks (a settable clock); `npm start` refuses to run with it.');
	process.exit(2);
}

function newest(dir) {
	let t = 0;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) t = Math.max(t, newest(p));
		else t = Math.max(t, fs.statSync(p).mtimeMs);
	}
	return t;
}

const built = fs.existsSync('build/index.js') ? fs.statSync('build/index.js').mtimeMs : 0;
const sources = Math.max(
	newest('src'),
	newest('messages'),
	newest('static'),
	...['package.json', 'svelte.config.js', 'vite.config.ts'].map((f) => fs.statSync(f).mtimeMs)
);
if (built < sources) {
	console.log(built ? 'Sources changed since the last build: building…' : 'No build yet: building…');
	const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

const env = {
	...process.env,
	NODE_ENV: 'production',
	PORT: process.env.PORT || '3000',
	ORIGIN: process.env.ORIGIN || `http://localhost:${process.env.PORT || '3000'}`,
	BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '40M'
};
const child = spawn(process.execPath, ['build/index.js'], { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
