// `npm run test:slow`: the long runs (≥ 10,000 fuzz inputs, the 10-minute soak) that do not fit in
// `npm test`. Same browser, same production build and journey server as the main suite.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

process.env.FUZZ_RUNS ??= '10000';
process.env.SOAK_SECONDS ??= '600';

export default defineConfig({
	...base,
	testMatch: /.*\.slow\.ts$/,
	timeout: 30 * 60 * 1000,
	projects: [{ name: 'slow', use: base.projects![0].use }]
});
