import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as accounts from '$lib/server/auth/accounts';
import * as lifecycle from '$lib/server/auth/lifecycle';
import * as members from '$lib/server/auth/org-members';
import { requirePermission } from '$lib/server/auth/guard';
import { needsSecondFactor } from '$lib/server/auth/permissions';
import { endSession } from '$lib/server/auth/login-flow';
import { activeSessions } from '$lib/server/auth/session';
import { describeDevice } from '$lib/auth/device';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import type { RequestEvent } from '@sveltejs/kit';
import { parseForm } from '$lib/server/forms';
import {
	changePasswordForm,
	contactForm,
	endSessionForm,
	inviteMemberForm,
	memberForm,
	recoveryForm
} from '$lib/server/auth/forms';

/** Any signed-in user; staff and admin only after their second factor (so a stolen password alone cannot change it). */
const requireUser = (event: RequestEvent) => requirePermission(event, 'account.own');
import * as reference from '$lib/server/reference';

export const load: PageServerLoad = (event) => {
	const sessionUser = requireUser(event);
	const db = getDb();
	// read afresh: an action on this page may just have changed the email
	const user = accounts.getUser(db, sessionUser.id)!;
	const org = user.orgId ? accounts.getOrganisation(db, user.orgId) : undefined;
	const dept = user.departmentCode ? reference.departments(db).find((d) => d.code === user.departmentCode) : undefined;
	const orgAdmin = !!org && user.orgRole === 'admin';
	const recovery = event.url.searchParams.get('recovery');
	return {
		account: { id: user.id, email: user.email, role: user.role, displayName: user.displayName },
		org: org
			? {
					name: org.name,
					creditCode: org.creditCode,
					town: org.townCode,
					type: org.type,
					contactPhone: org.contactPhone
				}
			: null,
		orgAdmin,
		members: org ? members.listMembers(db, org.id) : [],
		invitations: orgAdmin
			? members
					.pendingInvitations(db, org.id)
					.map((i) => ({ email: i.email, until: i.expiresAt.toISOString().slice(0, 10) }))
			: [],
		recoveryRemaining: needsSecondFactor(sessionUser) ? lifecycle.remainingRecoveryCodes(db, user.id) : null,
		recoveryUsed: recovery !== null && /^\d+$/.test(recovery) ? Number(recovery) : null,
		department: dept ?? null,
		welcome: event.url.searchParams.has('welcome'),
		// signed-in devices (ASVS 7.5.2): this one first, then the others, newest first
		devices: activeSessions(db, user.id)
			.map((s) => ({
				id: s.id,
				current: s.id === event.locals.session?.id,
				createdAt: s.createdAt.getTime(),
				lastActiveAt: s.lastActiveAt.getTime(),
				...describeDevice(s.userAgent)
			}))
			.sort((a, b) => Number(b.current) - Number(a.current)),
		deviceEnded: event.url.searchParams.has('device_ended')
	};
};

const locale = () => (getLocale() === 'en' ? 'en' : 'zh-CN') as lifecycle.Locale;

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser(event);
		const f = parseForm(changePasswordForm, await event.request.formData(), ['current', 'next']);
		if (!f.ok) return fail(400, { errors: f.errors });
		const r = await accounts.changePassword(getDb(), user.id, event.locals.session!.id, f.data);
		if (!r.ok && r.error === 'throttled') {
			event.setHeaders({ 'retry-after': String(r.retryAfter ?? 60) });
			return fail(429, { errors: { current: 'limited' } });
		}
		if (!r.ok) return fail(400, { errors: { [r.error === 'wrong_password' ? 'current' : 'next']: r.error } });
		return { changed: true };
	},
	contact: async (event) => {
		const user = requireUser(event);
		// no field list: a phone field left out of the form is not the same as an empty one
		const f = parseForm(contactForm, await event.request.formData());
		if (!f.ok) return fail(400, { contactValues: { email: '' }, errors: f.errors });
		const values = { email: f.data.contact_email, phone: f.data.contact_phone };
		const r = await lifecycle.changeContact(
			getDb(),
			user.id,
			event.locals.session!.id,
			{ password: f.data.contact_password, ...values },
			locale()
		);
		if (!r.ok && r.error === 'throttled') {
			event.setHeaders({ 'retry-after': String(r.retryAfter ?? 60) });
			return fail(429, { contactValues: values, errors: { [r.field]: 'limited' } });
		}
		if (!r.ok) return fail(400, { contactValues: values, errors: { [r.field]: r.error } });
		return {
			contactChanged: r.changed,
			emailPending: r.emailPending,
			contactUnchanged: !r.changed && !r.emailPending
		};
	},
	recovery: async (event) => {
		const user = requireUser(event);
		if (!needsSecondFactor(user)) return fail(403, { errors: {} as Record<string, string> });
		const f = parseForm(recoveryForm, await event.request.formData(), ['recovery_password', 'recovery_code']);
		if (!f.ok) return fail(400, { errors: f.errors });
		const r = await lifecycle.regenerateRecoveryCodes(getDb(), user.id, {
			password: f.data.recovery_password,
			code: f.data.recovery_code
		});
		if (!r.ok && r.error === 'throttled') {
			event.setHeaders({ 'retry-after': String(r.retryAfter ?? 60) });
			return fail(429, { errors: { [r.field]: 'limited' } });
		}
		if (!r.ok) return fail(400, { errors: { [r.field]: r.error } });
		return { codes: r.codes };
	},
	end_session: async (event) => {
		const user = requireUser(event);
		const f = parseForm(endSessionForm, await event.request.formData(), ['session', 'session_password']);
		if (!f.ok) return fail(400, { sessionTarget: '', errors: f.errors });
		const target = f.data.session;
		const r = await lifecycle.endOtherSession(
			getDb(),
			user.id,
			event.locals.session!.id,
			target,
			f.data.session_password
		);
		if (!r.ok && r.error === 'throttled') {
			event.setHeaders({ 'retry-after': String(r.retryAfter) });
			return fail(429, { sessionTarget: target, errors: { session_password: 'limited' } });
		}
		if (!r.ok)
			return fail(r.error === 'not_found' ? 404 : 400, {
				sessionTarget: target,
				errors: { session_password: r.error === 'not_found' ? 'session_gone' : r.error }
			});
		// Post/Redirect/Get: a reload asks for nothing again
		redirect(303, localizeHref('/account?device_ended=1'));
	},
	invite: async (event) => {
		const user = requireUser(event);
		const f = parseForm(inviteMemberForm, await event.request.formData(), ['invite_email']);
		const email = f.ok ? f.data.invite_email : '';
		const r = members.invite(getDb(), user, email, locale());
		if (!r.ok) {
			if (r.error === 'forbidden') return fail(403, { errors: {} as Record<string, string> });
			return fail(r.error === 'limited' ? 429 : 400, { inviteEmail: email, errors: { invite_email: r.error } });
		}
		return { invited: email.trim().toLowerCase() };
	},
	make_admin: async (event) => {
		const user = requireUser(event);
		const f = parseForm(memberForm, await event.request.formData(), ['member']);
		const r = members.makeAdmin(getDb(), user, f.ok ? f.data.member : '');
		if (!r.ok) return fail(r.error === 'forbidden' ? 403 : 404, { errors: {} as Record<string, string> });
		return { madeAdmin: true };
	},
	/** an admin resets a member's authenticator: they enrol again at their next sign-in */
	reset_member_totp: async (event) => {
		const user = requireUser(event);
		const f = parseForm(memberForm, await event.request.formData(), ['member']);
		const r = members.resetMemberSecondFactor(getDb(), user, f.ok ? f.data.member : '');
		if (!r.ok) return fail(r.error === 'forbidden' ? 403 : 404, { errors: {} as Record<string, string> });
		return { totpReset: true };
	},
	leave: async (event) => {
		const user = requireUser(event);
		const db = getDb();
		const r = members.leave(db, user);
		if (!r.ok) return fail(r.error === 'forbidden' ? 403 : 400, { errors: { leave: r.error } });
		endSession(db, event.cookies, event.locals.session);
		redirect(303, localizeHref('/login?left=1'));
	}
};
