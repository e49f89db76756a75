import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import QRCode from 'qrcode';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import * as cells from '$lib/server/cells/service';
import { config } from '$lib/server/config';

/** The certificate: for the applicant organisation and its reviewers (the public checks it by QR). */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const app = cells.get(db, Number(event.params.id));
	if (!app || !app.verifyToken || !cells.mayView(user, app)) error(404, 'not_found');
	const v = cells.verify(db, app.verifyToken)!;
	const url = `${config.origin}/cells/verify/${app.verifyToken}`;
	const qr = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
	return {
		cert: { ...v, town: cells.townOf(db, app.orgId) },
		type: cells.cellTypesForPages().find((t) => t.code === app.cellType)!,
		url,
		qr,
		path: `/cells/verify/${app.verifyToken}`
	};
};
