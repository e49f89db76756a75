/**
 * The admin's side of staff accounts (/admin/users): create (the CLI's rules, via createStaff),
 * disable and re-enable, move between departments, reset the second factor. Each action is
 * audited in the same transaction; disabling and resetting end the person's sessions at once.
 */
import { eq, inArray, asc } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import { users, recoveryCodes } from './schema';
import { departments } from '../reference/schema';
import { invalidateUserSessions } from './session';
import { createStaff, type CreateStaffError, type Fail, type Ok } from './accounts';
import * as audit from '../audit';
import { now } from '../clock';

export type StaffActionError = 'not_found' | 'self' | 'unknown_department' | 'not_staff';

export function listStaff(db: DB) {
	return db
		.select({
			id: users.id,
			email: users.email,
			displayName: users.displayName,
			role: users.role,
			departmentCode: users.departmentCode,
			disabledAt: users.disabledAt,
			hasTotp: users.totpKey
		})
		.from(users)
		.where(inArray(users.role, ['staff', 'admin']))
		.orderBy(asc(users.role), asc(users.email))
		.all()
		.map((u) => ({ ...u, hasTotp: u.hasTotp !== null }));
}

/** Creates a staff or admin member; they enrol their authenticator at first sign-in. */
export function addStaff(
	db: DB,
	actorId: string,
	input: { email: string; role: string; department?: string | null; password: string; displayName?: string }
): Promise<Ok<{ userId: string }> | Fail<CreateStaffError>> {
	return createStaff(
		db,
		{
			...input,
			department: input.role === 'admin' ? null : input.department || null,
			displayName: input.displayName?.trim() || undefined
		},
		{ actor: { type: 'user', id: actorId }, enrol: false }
	);
}

function target(db: DB, actorId: string, userId: string) {
	if (actorId === userId) return { error: 'self' as const };
	const u = db.select().from(users).where(eq(users.id, userId)).get();
	if (!u) return { error: 'not_found' as const };
	if (u.role !== 'staff' && u.role !== 'admin') return { error: 'not_staff' as const };
	return { user: u };
}

/** Disable (sessions end at once; sign-in refused) or re-enable a staff or admin account. */
export function setDisabled(
	db: DB,
	actorId: string,
	userId: string,
	disabled: boolean
): Ok<object> | Fail<StaffActionError> {
	const t = target(db, actorId, userId);
	if (!t.user) return { ok: false, error: t.error };
	if (!!t.user.disabledAt === disabled) return { ok: true };
	db.transaction((tx) => {
		tx.update(users)
			.set({ disabledAt: disabled ? now() : null })
			.where(eq(users.id, userId))
			.run();
		if (disabled) invalidateUserSessions(tx, userId);
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: disabled ? 'user.disable' : 'user.enable',
			subject: { type: 'user', id: userId },
			note: disabled ? 'sessions ended' : null
		});
	});
	return { ok: true };
}

/** Move a staff member to another department (their queue changes with it). */
export function moveDepartment(
	db: DB,
	actorId: string,
	userId: string,
	department: string
): Ok<object> | Fail<StaffActionError> {
	const t = target(db, actorId, userId);
	if (!t.user) return { ok: false, error: t.error };
	if (t.user.role !== 'staff') return { ok: false, error: 'not_staff' };
	if (!db.select().from(departments).where(eq(departments.code, department)).get())
		return { ok: false, error: 'unknown_department' };
	if (t.user.departmentCode === department) return { ok: true };
	db.transaction((tx) => {
		tx.update(users).set({ departmentCode: department }).where(eq(users.id, userId)).run();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'user.department_change',
			subject: { type: 'user', id: userId },
			from: t.user.departmentCode,
			to: department
		});
	});
	return { ok: true };
}

/** Forget the authenticator and recovery codes: the person enrols again at next sign-in. */
export function resetSecondFactor(db: DB, actorId: string, userId: string): Ok<object> | Fail<StaffActionError> {
	const t = target(db, actorId, userId);
	if (!t.user) return { ok: false, error: t.error };
	db.transaction((tx) => forgetSecondFactor(tx, actorId, userId));
	return { ok: true };
}

/**
 * The reset itself, for staff (above) and for organisation members (org-members.ts, by their
 * organisation's admin): key, last step and recovery codes gone, every session ended, audited.
 */
export function forgetSecondFactor(tx: Executor, actorId: string, userId: string): void {
	tx.update(users).set({ totpKey: null, totpLastStep: null }).where(eq(users.id, userId)).run();
	tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
	invalidateUserSessions(tx, userId);
	audit.record(tx, {
		actor: { type: 'user', id: actorId },
		action: 'user.totp_reset',
		subject: { type: 'user', id: userId },
		note: 'sessions ended; enrols again'
	});
}
