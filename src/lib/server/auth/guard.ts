/**
 * Guards for loads, actions and endpoints. Anonymous visitors are sent to the login page (with a
 * return path); signed-in users without the permission get 403; a session that passed the
 * password but not the second factor (any role: staff, admin, organisation) is sent to the TOTP
 * step, or to enrolment when the account has no key yet. Every "no" is an `access.denied` security event.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { can, needsSecondFactor, type Context, type Permission } from './permissions';
import type { SessionUser } from './session';
import { recordFor } from '../security/http';

function loginRedirect(event: RequestEvent): never {
	const next = event.url.pathname + event.url.search;
	// a session that passed the password but not yet the second factor: on to that step (or to
	// enrolment, for an account without a key), then back here
	const step = event.locals.session ? '/login/2fa' : '/login';
	redirect(303, localizeHref(`${step}?next=${encodeURIComponent(next)}`));
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
