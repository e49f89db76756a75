import path from 'node:path';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';

const paraglide = (outdir: string) =>
	paraglideVitePlugin({
		project: './project.inlang',
		outdir,
		strategy: ['url', 'cookie', 'preferredLanguage', 'baseLocale']
	});

// vitest compiles the messages into a folder of its own (one module per locale) and reads
// `$lib/paraglide/*` from there. Sharing src/lib/paraglide, vitest rewrote it in its own layout
// and the build then compiled all 1,765 message modules again: vitest 30.7 → 22.6 s on 2 cores.
// vitest runs without SvelteKit's plugin (the unit tests import server modules only: `$lib` is an
// alias), so it writes nothing in .svelte-kit either, and `npm test` builds beside it
// (scripts/test.mjs). With the plugin, its sync rewrote .svelte-kit's generated files mid-build
// and the built pages failed to hydrate.
const TEST_PARAGLIDE = path.resolve('node_modules/.paraglide-test');
const OWN_PARAGLIDE = path.resolve('src/lib/paraglide');
function testParaglide(): Plugin {
	return {
		name: 'miyun:test-paraglide',
		enforce: 'pre',
		resolveId(id) {
			// `$lib/paraglide/x` reaches here already aliased to src/lib/paraglide/x
			if (id.startsWith(OWN_PARAGLIDE + '/')) {
				const rest = id.slice(OWN_PARAGLIDE.length);
				return TEST_PARAGLIDE + (rest.endsWith('.js') ? rest : rest + '.js');
			}
		}
	};
}

export default defineConfig(({ mode }) => ({
	// No __vite__mapDeps table in the app entry (every page's dependency list, 6.9 → 4.0 KB gzipped
	// on every page, issue 19's 60 KB budget): SvelteKit still sends each page's modules in its
	// `Link: rel=modulepreload` header on the first load.
	// No gzip sizes in the build's report: computing them for every chunk was time the tests wait for.
	build: { modulePreload: false, reportCompressedSize: false },
	plugins:
		mode === 'test' ? [testParaglide(), paraglide(TEST_PARAGLIDE)] : [sveltekit(), paraglide('./src/lib/paraglide')],
	resolve: mode === 'test' ? { alias: { $lib: path.resolve('src/lib') } } : undefined,
	test: {
		include: ['src/**/*.spec.ts', 'scripts/**/*.spec.ts'],
		environment: 'node',
		// one migrated, seeded database per run; createTestDb copies it
		globalSetup: ['src/lib/server/testing/template.ts'],
		expect: { requireAssertions: true },
		testTimeout: 20000,
		pool: 'forks',
		// the test files of a worker share one module cache instead of importing the server's modules
		// again for each file (vitest 128 → 43 s wall for 557 tests on a 2-core machine). Nothing is
		// mocked, and each test opens its own database copy, so no state rides along between files.
		isolate: false,
		// one worker per core (vitest leaves one core free by default: 43 → 34 s on 2 cores)
		maxWorkers: '100%'
	}
}));
