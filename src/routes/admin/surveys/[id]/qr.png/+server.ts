import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { qrPng, shareUrl } from '$lib/server/surveys/share';

/** The share QR code as a 1024 px PNG (WeChat, slides). `?lang=en` encodes the English link. */
export const GET: RequestHandler = async (event) => {
	requirePermission(event, 'surveys.manage');
	const s = svc.byId(getDb(), Number(event.params.id));
	if (!s) error(404, 'not_found');
	const png = await qrPng(shareUrl(s.slug, event.url.searchParams.get('lang') === 'en'));
	return new Response(new Uint8Array(png), {
		headers: {
			'content-type': 'image/png',
			'content-disposition': `inline; filename="survey-${s.slug}.png"`,
			'cache-control': 'private, no-store'
		}
	});
};
