import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as reportsSvc from '$lib/server/reports/service';
import { localizeHref } from '$lib/paraglide/runtime';

export const load: PageServerLoad = ({ url, getClientAddress, setHeaders }) => {
	const code = (url.searchParams.get('code') ?? '').slice(0, 20);
	if (!code) return { code: '', notFound: false };
	const r = reportsSvc.lookup(getDb(), code, getClientAddress());
	if (r.ok) redirect(303, localizeHref(`/report/track/${r.report.code}`));
	if (r.error === 'limited') {
		setHeaders({ 'retry-after': String(r.retryAfter) });
		error(429, 'limited');
	}
	return { code, notFound: true };
};
