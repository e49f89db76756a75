import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { qrSvg, shareUrl } from '$lib/server/surveys/share';

/** The share QR code as SVG (posters). `?lang=en` encodes the English link. */
export const GET: RequestHandler = async (event) => {
	requirePermission(event, 'surveys.manage');
	const s = svc.byId(getDb(), Number(event.params.id));
	if (!s) error(404, 'not_found');
	const svg = await qrSvg(shareUrl(s.slug, event.url.searchParams.get('lang') === 'en'));
	return new Response(svg, {
		headers: {
			'content-type': 'image/svg+xml; charset=utf-8',
			'content-disposition': `inline; filename="survey-${s.slug}.svg"`,
			'cache-control': 'private, no-store'
		}
	});
};
