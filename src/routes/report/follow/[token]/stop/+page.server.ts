import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as follow from '$lib/server/reports/follow';

// One click: opening the link in a message ends the follow (an unknown or used link says the same).
export const load: PageServerLoad = ({ params }) => {
	const code = follow.unsubscribe(getDb(), params.token);
	return { code };
};
