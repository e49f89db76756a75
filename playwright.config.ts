import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';

// Debian's headless shell (apt `chromium-headless-shell`: the same Blink, V8 and fonts as Debian's
// Chromium, without the browser around them; what Playwright itself runs headless). A new context
// opens in a quarter of the time and a page loads in half, measured on a 2-core machine; Playwright
// cannot download its own browser here. Debian's full Chromium when only that is installed.
const headlessShell = '/usr/lib/chromium/chromium-headless-shell';
const debianChromium = '/usr/bin/chromium';
const executablePath = [headlessShell, debianChromium].find((p) => fs.existsSync(p));
const fullChromium = executablePath === debianChromium;

export default defineConfig({
	testDir: 'tests',
	testMatch: /.*\.e2e\.ts$/,
	// each worker runs its own server, database and settable clock (tests/kit.ts), so files spread
	// over the workers; tests inside a file run in order unless the file asks for parallel mode
	fullyParallel: false,
	workers: Number(process.env.E2E_WORKERS ?? 2),
	globalSetup: './tests/global-setup.ts',
	// CI retries a failed journey once; Playwright still lists it as flaky, so a race stays visible
	retries: process.env.CI ? 1 : 0,
	timeout: 120000, // journeys with several browsers and axe runs; CI machines are 2-core and shared
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		// a trace only for CI's retry of a failed journey (`--trace on` to record one locally): recording
		// every journey's DOM snapshots cost a quarter of the run's CPU, measured on a 2-core machine
		trace: 'on-first-retry',
		actionTimeout: 10000,
		// SvelteKit registers the service worker on every page, and each new context's worker then
		// fetched all 331 built files: journeys about offline use allow it (`test.use`), others not
		serviceWorkers: 'block',
		navigationTimeout: 20000,
		launchOptions: {
			executablePath,
			args: executablePath
				? [
						...(fullChromium ? ['--headless'] : []),
						'--no-sandbox',
						'--disable-gpu',
						'--disable-quic',
						'--no-first-run',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync'
					]
				: []
		}
	},
	// one project: the *.phone.e2e.ts files ask for a phone themselves (`test.use(PHONE)`, tests/kit.ts),
	// so they share the workers, servers and signed-in roles instead of starting their own
	projects: [{ name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } }]
});
