import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as follow from '$lib/server/reports/follow';

// Confirming takes a button press (POST): mail scanners that open links cannot sign anyone up.
export const load: PageServerLoad = ({ params }) => {
	const f = follow.byToken(getDb(), params.token);
	if (!f) error(404, 'not_found');
	return { code: f.reportCode, confirmed: !!f.confirmedAt };
};

export const actions: Actions = {
	default: ({ params }) => {
		const code = follow.confirm(getDb(), params.token);
		if (!code) error(404, 'not_found');
		return { confirmed: true };
	}
};
