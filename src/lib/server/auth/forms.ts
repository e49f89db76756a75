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
