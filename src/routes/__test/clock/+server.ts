import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';
import { now, setNow, advance, resetClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import * as scheduler from '$lib/server/scheduler';

/**
 * Test-only clock control for browser journeys. Exists only with MIYUN_TEST_MODE=1, which the
 * production start (`npm start`) refuses. Body: {"at": ISO} | {"advanceMs": n} | {"reset": true}.
 */
export const POST: RequestHandler = async ({ request }) => {
	if (!config.testMode) error(404, 'not_found');
	const body = await request.json();
	if (body.reset) resetClock();
	else if (typeof body.advanceMs === 'number') advance(body.advanceMs);
	else if (typeof body.at === 'string') setNow(new Date(body.at));
	// jobs are re-armed from the new "now" (a 08:30 job is not left waiting in the old future)
	scheduler.rearm(getDb());
	return json({ now: now().toISOString() });
};
