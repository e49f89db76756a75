import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { endSession } from '$lib/server/auth/login-flow';
import { localizeHref } from '$lib/paraglide/runtime';

export const load: PageServerLoad = () => redirect(303, localizeHref('/'));

export const actions: Actions = {
	default: ({ cookies, locals }) => {
		endSession(getDb(), cookies, locals.session);
		redirect(303, localizeHref('/'));
	}
};
