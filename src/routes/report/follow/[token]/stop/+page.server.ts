import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as follow from '$lib/server/reports/follow';

// One click: opening the link in a message ends the follow (an unknown or used link says the same).
export const load: PageServerLoad = ({ params }) => {
	const code = follow.unsubscribe(getDb(), params.token);
	return { code };
};

export const actions: Actions = {
	// RFC 8058: a mail program's own unsubscribe button (List-Unsubscribe-Post) posts
	// `List-Unsubscribe=One-Click` here, without an Origin header (hooks.server.ts lets it through)
	default: ({ params }) => ({ code: follow.unsubscribe(getDb(), params.token) })
};
