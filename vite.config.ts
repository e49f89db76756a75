import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	// No __vite__mapDeps table in the app entry (every page's dependency list, 6.9 → 4.0 KB gzipped
	// on every page, issue 19's 60 KB budget): SvelteKit still sends each page's modules in its
	// `Link: rel=modulepreload` header on the first load.
	build: { modulePreload: false },
	plugins: [
		sveltekit(),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['url', 'cookie', 'preferredLanguage', 'baseLocale']
		})
	],
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
});
