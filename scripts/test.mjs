/**
 * `npm test`: the unit tests (vitest) while the production build is made, when it is stale, then
 * the journeys (Playwright; its global setup finds the build fresh). Side by side is safe because
 * vitest runs without SvelteKit's plugin and compiles the messages into a folder of its own
 * (vite.config.ts): it writes nothing the build reads. On a quiet 2-core machine the two took 54 s
 * one after the other and 38 s side by side. Arguments go to Playwright (`npm test -- cells`).
 */
import { spawn } from 'node:child_process';
import { buildIsStale } from './launch.mjs';

/** Runs a command; with `quiet`, its output is kept and handed back instead of shown. */
function run(cmd, args, { quiet = false } = {}) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
		let out = '';
		child.stdout?.on('data', (d) => (out += d));
		child.stderr?.on('data', (d) => (out += d));
		child.on('close', (code) => resolve({ code: code ?? 1, out }));
	});
}

const building = buildIsStale() ? run('npx', ['vite', 'build'], { quiet: true }) : null;
if (building) console.log('Building the production site beside the unit tests (its output is shown if it fails)…');
const unit = await run('npx', ['vitest', 'run']);
const build = building ? await building : { code: 0, out: '' };
if (build.code !== 0) {
	process.stdout.write(build.out);
	console.error(`vite build failed (exit ${build.code})`);
	process.exit(build.code);
}
if (building) console.log('Production build made.');
if (unit.code !== 0) process.exit(unit.code);
const e2e = await run('npx', ['playwright', 'test', ...process.argv.slice(2)]);
process.exit(e2e.code);
