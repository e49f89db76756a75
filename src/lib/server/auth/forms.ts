/** The sign-in and registration forms. Messages are error keys; passwords are never sent back. */
import { z } from 'zod';
import { single, text } from '../forms';
import { registerSchema } from './accounts';

/** Registration: the service's schema (also used by test builders), each field read as one value. */
export const registerForm = single(registerSchema);
export const REGISTER_FIELDS = [
	'orgName',
	'orgType',
	'town',
	'creditCode',
	'contactName',
	'contactPhone',
	'email',
	'password'
] as const;

/** Email and password (checked together by the service, which never says which was wrong). */
export const loginForm = z.object({ email: text(), password: text() });

/** A password reset link's request: the address, at most 254 characters. */
export const forgotForm = z.object({ email: text().transform((v) => v.slice(0, 254)) });

/** A new password (the service checks its rules). */
export const passwordForm = z.object({ password: text() });

/** A second factor: an authenticator code or a recovery code. */
export const codeForm = z.object({ code: text() });

/** Accepting an invitation to an organisation. */
export const inviteForm = z.object({ displayName: text().transform((v) => v.slice(0, 200)), password: text() });

const upTo = (max: number) => text().transform((v) => v.slice(0, max));

/** A new staff account (the service checks the address, role, department and password rules). */
export const staffForm = z.object({
	email: upTo(300),
	displayName: upTo(50),
	role: upTo(300),
	department: upTo(300),
	password: upTo(2000)
});

/** A step on one staff account: disable, enable, reset the second factor, move to a department. */
export const staffActionForm = z.object({ user: upTo(64), department: upTo(300) });

// ---------- the account page (each check is the service's: wrong password, rules, throttles) ----------

/** Changing one's password. */
export const changePasswordForm = z.object({ current: text(), next: text() });

/** Changing one's contact details; a phone left out of the form (staff without SMS) stays as it is. */
export const contactForm = z.object({
	contact_email: text(),
	contact_phone: z
		.union([z.string(), z.array(z.string())])
		.optional()
		.transform((v) => (Array.isArray(v) ? v[0] : v)),
	contact_password: text()
});

/** A new set of recovery codes, confirmed with the password and a current code. */
export const recoveryForm = z.object({ recovery_password: text(), recovery_code: text() });

/** Signing out another device, confirmed with the password. */
export const endSessionForm = z.object({ session: upTo(100), session_password: text() });

/** Inviting a colleague to the organisation. */
export const inviteMemberForm = z.object({ invite_email: upTo(300) });

/** A member of the organisation an admin acts on. */
export const memberForm = z.object({ member: text() });
