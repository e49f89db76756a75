import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requestPasswordReset } from '$lib/server/auth/lifecycle';
import { config } from '$lib/server/config';
import { getLocale } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { forgotForm } from '$lib/server/auth/forms';

export const load: PageServerLoad = () => ({ minutes: config.passwordResetMinutes });

export const actions: Actions = {
	default: async ({ request, getClientAddress, setHeaders }) => {
		const f = parseForm(forgotForm, await request.formData(), ['email']);
		const email = f.ok ? f.data.email : '';
		const r = requestPasswordReset(getDb(), email, getClientAddress(), getLocale() === 'en' ? 'en' : 'zh-CN');
		if (!r.ok) {
			setHeaders({ 'retry-after': String(r.retryAfter) });
			return fail(429, { email, error: r.error });
		}
		// the same answer whether or not the account exists
		return { sent: true };
	}
};
