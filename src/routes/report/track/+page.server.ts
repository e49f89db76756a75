import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as reportsSvc from '$lib/server/reports/service';
import { localizeHref } from '$lib/paraglide/runtime';

export const load: PageServerLoad = ({ url }) => {
	const code = (url.searchParams.get('code') ?? '').slice(0, 20);
	if (!code) return { code: '', notFound: false };
	const r = reportsSvc.byCode(getDb(), code);
	if (r && !r.hidden) redirect(303, localizeHref(`/report/track/${r.code}`));
	return { code, notFound: true };
};
