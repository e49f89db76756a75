import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { SITEMAP } from '$lib/sitemap';
import * as noticesSvc from '$lib/server/notices/service';
import * as dashboard from '$lib/server/indicators/service';
import * as sorting from '$lib/server/sorting/service';

/**
 * GET /sitemap.xml: every public page in both languages (Chinese at /, English under /en), with
 * xhtml:link alternates, plus each indicator, published notice and sorting-guide item.
 */
export const GET: RequestHandler = ({ url }) => {
	const db = getDb();
	const paths = SITEMAP.flatMap((g) => g.pages.map((p) => p.path));
	const plan = dashboard.currentPlan(db);
	if (plan) for (const v of dashboard.indicators(db, plan)) paths.push(`/indicators/${v.row.no}`);
	for (const n of noticesSvc.published(db, 1000)) paths.push(`/notices/${n.id}`);
	for (const slug of sorting.slugs(db)) paths.push(`/sort/item/${encodeURIComponent(slug)}`);
	const o = url.origin;
	const en = (p: string) => (p === '/' ? '/en' : `/en${p}`);
	const entry = (loc: string, p: string) =>
		`<url><loc>${o}${loc}</loc><xhtml:link rel="alternate" hreflang="zh-CN" href="${o}${p}"/><xhtml:link rel="alternate" hreflang="en" href="${o}${en(p)}"/></url>`;
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">${paths.map((p) => entry(p, p) + entry(en(p), p)).join('')}</urlset>\n`;
	return new Response(body, {
		headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' }
	});
};
