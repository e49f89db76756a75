import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { PREFS_COOKIE, MODES, parse, serialise, type Mode } from '$lib/server/prefs';
import { safeNext } from '$lib/server/auth/login-flow';
import { requestIsSecure } from '$lib/server/http/scope';

/**
 * POST /prefs (toggle=text|contrast, back=/path): switches a display mode and returns to the page.
 * A plain form post, so it works without JavaScript; the same-origin check in hooks applies.
 */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const form = await request.formData();
	const toggle = String(form.get('toggle') ?? '');
	const modes = parse(cookies.get(PREFS_COOKIE));
	if ((MODES as readonly string[]).includes(toggle)) {
		if (modes.has(toggle as Mode)) modes.delete(toggle as Mode);
		else modes.add(toggle as Mode);
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
	redirect(303, safeNext(String(form.get('back') ?? ''), '/'));
};
