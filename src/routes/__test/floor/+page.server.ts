import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { config } from '$lib/server/config';

/**
 * Benchmarks only (MIYUN_TEST_MODE=1): the framework's floor for pages — a trivial page rendered in
 * the site's layout (header, footer, locale, display modes) through every hook, never cached.
 */
export const load: PageServerLoad = () => {
	if (!config.testMode) error(404, 'not_found');
	return {};
};
