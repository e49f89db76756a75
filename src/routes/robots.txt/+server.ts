import type { RequestHandler } from './$types';

/** GET /robots.txt: public pages open to crawlers; staff, account and machine paths not. */
export const GET: RequestHandler = ({ url }) =>
	new Response(
		[
			'User-agent: *',
			'Disallow: /admin',
			'Disallow: /en/admin',
			'Disallow: /account',
			'Disallow: /en/account',
			'Disallow: /login',
			'Disallow: /en/login',
			'Disallow: /files/',
			'Disallow: /api/',
			'Disallow: /open311/',
			'Disallow: /report/track/',
			'Disallow: /en/report/track/',
			`Sitemap: ${url.origin}/sitemap.xml`,
			''
		].join('\n'),
		{ headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=86400' } }
	);
