import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { PREFS_COOKIE, parse, serialise } from '$lib/server/prefs';
import { parseForm } from '$lib/server/forms';
import { toggleForm } from '$lib/server/prefs/forms';
import { safeNext } from '$lib/server/auth/login-flow';
import { requestIsSecure } from '$lib/server/http/scope';

/**
 * POST /prefs (toggle=text|contrast, back=/path): switches a display mode and returns to the page.
 * A plain form post, so it works without JavaScript; the same-origin check in hooks applies.
 */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const f = parseForm(toggleForm, await request.formData(), ['toggle', 'back']);
	const { toggle, back } = f.ok ? f.data : { toggle: null, back: '' };
	const modes = parse(cookies.get(PREFS_COOKIE));
	if (toggle) {
		if (modes.has(toggle)) modes.delete(toggle);
		else modes.add(toggle);
	}
	const value = serialise(modes);
	if (value)
		cookies.set(PREFS_COOKIE, value, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: requestIsSecure(),
			maxAge: 365 * 86400
		});
	else cookies.delete(PREFS_COOKIE, { path: '/' });
	redirect(303, safeNext(back, '/'));
};
