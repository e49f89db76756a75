#!/usr/bin/env node
/**
 * `npm start`: build if the build is missing or older than the sources, then serve the
 * production build with the site's defaults (PORT 3000, ORIGIN http://localhost:3000, a body
 * limit above the app's own). The database is created, migrated and loaded at server start.
 * Refuses test-only settings. The build check, environment and spawn are scripts/launch.mjs's.
 */
import { ensureBuild, serverEnv, launch } from './launch.mjs';

if (process.env.MIYUN_TEST_MODE === '1') {
	console.error('MIYUN_TEST_MODE=1 enables test-only hooks (a settable clock); `npm start` refuses to run with it.');
	process.exit(2);
}

ensureBuild();
const server = await launch({ env: serverEnv(), stdio: 'inherit', timeoutMs: 120000 }).catch((e) => {
	console.error(e.message);
	process.exit(1);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.child.kill(sig));
server.child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
