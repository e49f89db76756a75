import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import QRCode from 'qrcode';
import { getDb } from '$lib/server/db';
import * as accounts from '$lib/server/auth/accounts';
import { setPendingTotpKey } from '$lib/server/auth/session';
import { elevateSession, safeNext, homeOf } from '$lib/server/auth/login-flow';
import { newTotpKey, encodeKey, decodeKey, keyBase32, totpUri } from '$lib/server/auth/totp';
import { needsSecondFactor } from '$lib/server/auth/permissions';
import { localizeHref } from '$lib/paraglide/runtime';
import { generateRecoveryCodes } from '$lib/server/auth/lifecycle';
import { parseForm } from '$lib/server/forms';
import { codeForm } from '$lib/server/auth/forms';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { user, session } = locals;
	if (!user || !session) redirect(303, localizeHref('/login'));
	if (!needsSecondFactor(user)) redirect(303, localizeHref('/account'));
	if (user.hasTotp) redirect(303, localizeHref(`/login/2fa${url.search}`));
	const db = getDb();
	let pending = session.pendingTotpKey;
	if (!pending) {
		pending = encodeKey(db, newTotpKey());
		setPendingTotpKey(db, session.id, pending);
	}
	const key = decodeKey(db, pending);
	const uri = totpUri(user.email, key);
	return {
		secret: keyBase32(key),
		uri,
		qr: await QRCode.toString(uri, { type: 'svg', margin: 1 }),
		org: user.role === 'org'
	};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const { user, session } = locals;
		if (!user || !session?.pendingTotpKey) redirect(303, localizeHref('/login'));
		const f = parseForm(codeForm, await request.formData(), ['code']);
		const code = f.ok ? f.data.code : '';
		const db = getDb();
		if (!accounts.enrolTotp(db, user.id, session.pendingTotpKey, code)) return fail(400, { error: 'invalid' });
		elevateSession(db, cookies, session);
		// ten recovery codes, shown this once (only their hashes are kept)
		// then on to where the person was going (`next`: e.g. /cells/apply after registering)
		return {
			codes: generateRecoveryCodes(db, user.id),
			next: safeNext(url.searchParams.get('next'), localizeHref(homeOf(user)))
		};
	}
};
