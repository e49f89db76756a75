/**
 * Members of an organisation: its admins invite people by email (a single-use link that expires),
 * the invitee sets a password and joins; a member can leave, except the organisation's last admin;
 * an admin can make another member admin. Every change is audited.
 */
import { and, eq, isNull, gt, asc, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '../db';
import { users, organisations, orgInvitations } from './schema';
import { checkNewPassword, hashPassword, type PasswordProblem } from './password';
import { invalidateUserSessions } from './session';
import { newId, type Fail, type Ok } from './accounts';
import { newToken, hashToken, siteLink, type Locale } from './lifecycle';
import { forgetSecondFactor } from './staff-admin';
import * as audit from '../audit';
import { notify } from '../outbox/notify';
import * as rateLimit from '../rate-limit';
import { config } from '../config';
import { now, nowMs } from '../clock';

const DAY = 86400000;
const emailSchema = z.string().trim().toLowerCase().max(254).email();

export interface Member {
	id: string;
	orgId: string | null;
	orgRole: 'admin' | 'member' | null;
	role: string;
}

const isOrgAdmin = (u: Member) => u.role === 'org' && !!u.orgId && u.orgRole === 'admin';

export function listMembers(db: DB, orgId: string) {
	return db
		.select({ id: users.id, email: users.email, displayName: users.displayName, orgRole: users.orgRole })
		.from(users)
		.where(and(eq(users.orgId, orgId), isNull(users.disabledAt)))
		.orderBy(asc(users.createdAt))
		.all();
}

export function pendingInvitations(db: DB, orgId: string) {
	return db
		.select({ email: orgInvitations.email, expiresAt: orgInvitations.expiresAt })
		.from(orgInvitations)
		.where(and(eq(orgInvitations.orgId, orgId), isNull(orgInvitations.acceptedAt), gt(orgInvitations.expiresAt, now())))
		.orderBy(asc(orgInvitations.createdAt))
		.all();
}

export type InviteError = 'forbidden' | 'email' | 'email_taken' | 'limited';

/** An organisation admin invites someone; the link goes out through the outbox. */
export function invite(db: DB, actor: Member, rawEmail: string, locale: Locale): Ok<object> | Fail<InviteError> {
	if (!isOrgAdmin(actor)) return { ok: false, error: 'forbidden' };
	const email = emailSchema.safeParse(rawEmail);
	if (!email.success) return { ok: false, error: 'email' };
	if (db.select({ id: users.id }).from(users).where(eq(users.email, email.data)).get())
		return { ok: false, error: 'email_taken' };
	if (!rateLimit.hit(db, `invite:org:${actor.orgId}`, config.limitInvite).ok) return { ok: false, error: 'limited' };
	const org = db.select().from(organisations).where(eq(organisations.id, actor.orgId!)).get()!;
	const token = newToken();
	const t = nowMs();
	const days = config.inviteDays;
	const link = siteLink(locale, `/invite/${token}`);
	db.transaction((tx) => {
		tx.insert(orgInvitations)
			.values({
				id: hashToken(token),
				orgId: org.id,
				email: email.data,
				invitedBy: actor.id,
				createdAt: new Date(t),
				expiresAt: new Date(t + days * DAY)
			})
			.run();
		notify(tx, 'account.invite', email.data, { org: org.name, link, days }, locale, { channel: 'email' });
		audit.record(tx, {
			actor: { type: 'user', id: actor.id },
			action: 'organisation.invite',
			subject: { type: 'organisation', id: org.id },
			after: { email: email.data }
		});
	});
	return { ok: true };
}

function liveInvitation(db: DB, token: string) {
	if (!/^[a-z2-7]{52}$/.test(token)) return undefined;
	return db
		.select({ inv: orgInvitations, org: organisations })
		.from(orgInvitations)
		.innerJoin(organisations, eq(orgInvitations.orgId, organisations.id))
		.where(
			and(
				eq(orgInvitations.id, hashToken(token)),
				isNull(orgInvitations.acceptedAt),
				gt(orgInvitations.expiresAt, now())
			)
		)
		.get();
}

/** What the invitation page shows: the organisation and the invited address (or nothing when the link no longer works). */
export function invitation(db: DB, token: string): { orgName: string; email: string } | undefined {
	const r = liveInvitation(db, token);
	return r ? { orgName: r.org.name, email: r.inv.email } : undefined;
}

export type AcceptError = 'invalid_token' | 'email_taken' | 'required' | PasswordProblem;

/** The invitee sets a name and password; the invitation is used up and the account joins as a member. */
export async function accept(
	db: DB,
	token: string,
	input: { displayName: string; password: string }
): Promise<Ok<{ userId: string }> | (Fail<AcceptError> & { field?: string })> {
	const r = liveInvitation(db, token);
	if (!r) return { ok: false, error: 'invalid_token' };
	const name = input.displayName.trim().slice(0, 50);
	if (!name) return { ok: false, error: 'required', field: 'displayName' };
	const problem = await checkNewPassword(input.password, r.inv.email);
	if (problem) return { ok: false, error: problem, field: 'password' };
	const passwordHash = await hashPassword(input.password);
	const userId = newId();
	const t = now();
	try {
		const ok = db.transaction((tx) => {
			const claimed = tx
				.update(orgInvitations)
				.set({ acceptedAt: t })
				.where(and(eq(orgInvitations.id, r.inv.id), isNull(orgInvitations.acceptedAt)))
				.run().changes;
			if (claimed !== 1) return false;
			tx.insert(users)
				.values({
					id: userId,
					email: r.inv.email,
					passwordHash,
					role: 'org',
					orgId: r.org.id,
					orgRole: 'member',
					displayName: name,
					createdAt: t,
					// the invitation link reached this address
					confirmedAt: t,
					passwordChangedAt: t
				})
				.run();
			audit.record(tx, {
				actor: { type: 'user', id: userId },
				action: 'organisation.join',
				subject: { type: 'organisation', id: r.org.id },
				after: { email: r.inv.email }
			});
			return true;
		});
		if (!ok) return { ok: false, error: 'invalid_token' };
	} catch (e) {
		if (String(e).includes('UNIQUE')) return { ok: false, error: 'email_taken' };
		throw e;
	}
	return { ok: true, userId };
}

function adminCount(db: DB, orgId: string): number {
	return db
		.select({ n: sql<number>`count(*)` })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.orgRole, 'admin'), isNull(users.disabledAt)))
		.get()!.n;
}

/**
 * A member leaves: the account is closed (it belongs to the organisation) and every session ends.
 * The organisation's last admin cannot leave — they make someone else admin first.
 */
export function leave(db: DB, member: Member): Ok<object> | Fail<'last_admin' | 'forbidden'> {
	if (member.role !== 'org' || !member.orgId) return { ok: false, error: 'forbidden' };
	const orgId = member.orgId;
	return db.transaction((tx) => {
		if (member.orgRole === 'admin' && adminCount(tx as unknown as DB, orgId) <= 1)
			return { ok: false as const, error: 'last_admin' as const };
		tx.update(users).set({ orgId: null, orgRole: null, disabledAt: now() }).where(eq(users.id, member.id)).run();
		invalidateUserSessions(tx, member.id);
		audit.record(tx, {
			actor: { type: 'user', id: member.id },
			action: 'organisation.leave',
			subject: { type: 'organisation', id: orgId },
			note: 'account closed; sessions ended'
		});
		return { ok: true as const };
	});
}

/** An admin makes another member of the same organisation admin too. */
export function makeAdmin(db: DB, actor: Member, memberId: string): Ok<object> | Fail<'forbidden' | 'not_found'> {
	if (!isOrgAdmin(actor)) return { ok: false, error: 'forbidden' };
	const target = db.select().from(users).where(eq(users.id, memberId)).get();
	if (!target || target.orgId !== actor.orgId || target.disabledAt) return { ok: false, error: 'not_found' };
	if (target.orgRole === 'admin') return { ok: true };
	db.transaction((tx) => {
		tx.update(users).set({ orgRole: 'admin' }).where(eq(users.id, memberId)).run();
		audit.record(tx, {
			actor: { type: 'user', id: actor.id },
			action: 'organisation.member_admin',
			subject: { type: 'user', id: memberId },
			from: 'member',
			to: 'admin'
		});
	});
	return { ok: true };
}

/**
 * An admin resets another member's authenticator (a lost phone, no recovery code left): the
 * member's sessions end and they enrol again at their next sign-in, as staff-admin.ts does for
 * staff. Never one's own (that is what recovery codes are for), never another organisation's.
 */
export function resetMemberSecondFactor(
	db: DB,
	actor: Member,
	memberId: string
): Ok<object> | Fail<'forbidden' | 'not_found'> {
	if (!isOrgAdmin(actor)) return { ok: false, error: 'forbidden' };
	const target = db.select().from(users).where(eq(users.id, memberId)).get();
	if (!target || target.id === actor.id || target.orgId !== actor.orgId || target.disabledAt)
		return { ok: false, error: 'not_found' };
	db.transaction((tx) => forgetSecondFactor(tx, actor.id, memberId));
	return { ok: true };
}
