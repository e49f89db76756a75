/**
 * Guards for loads, actions and endpoints. Anonymous visitors are sent to the login page (with a
 * return path); signed-in users without the permission get 403; staff without a verified second
 * factor are sent to the TOTP step. Every "no" is an `access.denied` security event.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { can, needsSecondFactor, type Context, type Permission } from './permissions';
import type { SessionUser } from './session';
import { recordFor } from '../security/http';

function loginRedirect(event: RequestEvent): never {
	const next = event.url.pathname + event.url.search;
	redirect(303, localizeHref(`/login?next=${encodeURIComponent(next)}`));
}

export function requireUser(event: RequestEvent): SessionUser {
	if (!event.locals.user) loginRedirect(event);
	return event.locals.user;
}

/** A signed-in user holding `permission`; staff must also have passed the second factor. */
export function requirePermission(event: RequestEvent, permission: Permission, context: Context = {}): SessionUser {
	const user = requireUser(event);
	if (!can(user, permission, context)) {
		recordFor(event, 'access.denied', { permission });
		error(403, 'forbidden');
	}
	if (needsSecondFactor(user) && !event.locals.session?.twoFactorVerified) {
		redirect(303, localizeHref(user.hasTotp ? '/login/2fa' : '/login/2fa/setup'));
	}
	return user;
}
