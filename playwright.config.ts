import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';

const PORT = Number(process.env.E2E_PORT ?? 4317);
export const E2E_ORIGIN = `http://127.0.0.1:${PORT}`;
// Debian's Chromium where present (Playwright cannot download its own browser here).
const debianChromium = '/usr/bin/chromium';
const executablePath = fs.existsSync(debianChromium) ? debianChromium : undefined;

export default defineConfig({
	testDir: 'tests',
	testMatch: /.*\.e2e\.ts$/,
	fullyParallel: false,
	workers: 1, // one server, one database, one settable clock
	retries: 0,
	timeout: 120000, // journeys with several browsers and axe runs; CI machines are 2-core and shared
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: E2E_ORIGIN,
		trace: 'retain-on-failure',
		actionTimeout: 10000,
		navigationTimeout: 20000,
		launchOptions: {
			executablePath,
			args: executablePath
				? [
						'--headless',
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
	projects: [
		{ name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined }, testIgnore: /.*\.phone\.e2e\.ts$/ },
		{ name: 'phone', use: { ...devices['Pixel 7'], channel: undefined }, testMatch: /.*\.phone\.e2e\.ts$/ }
	],
	webServer: {
		command: 'npm run build && node tests/serve.mjs',
		url: `${E2E_ORIGIN}/healthz`,
		reuseExistingServer: false,
		timeout: 180000,
		env: { E2E_PORT: String(PORT) }
	}
});
