import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as noticesSvc from '$lib/server/notices/service';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { now } from '$lib/server/clock';

/** GET /notices.xml (Chinese) and /en/notices.xml (English): Atom feed of published notices. */
export const GET: RequestHandler = ({ url }) => {
	const locale = getLocale() === 'en' ? 'en' : 'zh-CN';
	const body = noticesSvc.atom(noticesSvc.published(getDb(), 50), {
		origin: url.origin,
		locale,
		title: `${m.notices_title()} · ${m.site_name()}`,
		updated: now()
	});
	return new Response(body, {
		headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=300' }
	});
};
