/**
 * What every journey imports: Playwright's `test` and `expect` (extended here with the per-worker
 * server and signed-in roles as the suite grows) and the shared helpers. Import from here, never
 * from '@playwright/test' directly, so a fixture added once reaches every journey.
 */
export { test, expect } from '@playwright/test';
export type { Page, Locator, Browser, BrowserContext, APIRequestContext } from '@playwright/test';
export * from './helpers';
