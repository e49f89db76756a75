import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as scheduler from '$lib/server/scheduler';

/** Test-only: run the jobs that are due now (after moving the clock), and say which ran. */
export const POST: RequestHandler = async () => {
	if (!config.testMode) error(404, 'not_found');
	return json({ ran: await scheduler.runDue(getDb()) });
};
