import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { departments, towns } from '../reference/schema';

export const ROLES = ['admin', 'staff', 'org'] as const;
export type Role = (typeof ROLES)[number];

export const organisations = sqliteTable('organisations', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	/** one of the nine cell types or `other` */
	type: text('type').notNull(),
	townCode: text('town_code')
		.notNull()
		.references(() => towns.code),
	/** 统一社会信用代码, 18 characters, check digit validated (GB 32100-2015) */
	creditCode: text('credit_code').notNull().unique(),
	contactName: text('contact_name').notNull(),
	contactPhone: text('contact_phone').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
});

export const users = sqliteTable(
	'users',
	{
		id: text('id').primaryKey(),
		/** stored lower-cased */
		email: text('email').notNull().unique(),
		passwordHash: text('password_hash').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		/** staff: exactly one department */
		departmentCode: text('department_code').references(() => departments.code),
		orgId: text('org_id').references(() => organisations.id),
		/** org accounts: `admin` (registered the organisation, or was made one) or `member` */
		orgRole: text('org_role', { enum: ['admin', 'member'] }),
		displayName: text('display_name').notNull(),
		/** base64 of the 20-byte TOTP key; null until enrolled */
		totpKey: text('totp_key'),
		/** the last TOTP time step accepted: a code is never accepted twice */
		totpLastStep: integer('totp_last_step'),
		disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
		/**
		 * when the address was shown to be the person's (the registration link followed, an invitation
		 * accepted, or made by an admin); null while a self-registration waits: no sign-in until then
		 */
		confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		passwordChangedAt: integer('password_changed_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('users_org_idx').on(t.orgId)]
);

export const sessions = sqliteTable(
	'sessions',
	{
		/** hex SHA-256 of the token; the token itself is never stored */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** sliding: pushed forward on use */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** absolute: never extended */
		absoluteExpiresAt: integer('absolute_expires_at', { mode: 'timestamp_ms' }).notNull(),
		twoFactorVerified: integer('two_factor_verified', { mode: 'boolean' }).notNull().default(false),
		/** TOTP key offered during enrolment, confirmed by a code before it moves to users.totp_key */
		pendingTotpKey: text('pending_totp_key'),
		/** the browser's User-Agent when the session began (200 characters at most), so its owner can
		 *  tell their signed-in devices apart on /account; gone with the session */
		userAgent: text('user_agent')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

// ---------- account lifecycle: password reset, recovery codes, organisation invitations ----------

/** Organisation members: `admin` may invite and manage members; the last admin cannot leave. */
export const ORG_ROLES = ['admin', 'member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** Password-reset tokens: only the SHA-256 of the token is stored; single use; short expiry. */
export const passwordResets = sqliteTable(
	'password_resets',
	{
		/** hex SHA-256 of the token sent by email */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('password_resets_user_idx').on(t.userId)]
);

/** TOTP recovery codes (staff and admin): ten per set, each stored as a SHA-256 hash, single use. */
export const recoveryCodes = sqliteTable(
	'recovery_codes',
	{
		/** hex SHA-256 of the normalised code */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('recovery_codes_user_idx').on(t.userId)]
);

/** Invitations to join an organisation: the token's SHA-256 only; single use; expiry. */
export const orgInvitations = sqliteTable(
	'org_invitations',
	{
		id: text('id').primaryKey(),
		orgId: text('org_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		/** stored lower-cased */
		email: text('email').notNull(),
		invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('org_invitations_org_idx').on(t.orgId)]
);

/**
 * Links that prove a person holds an email address: `register` confirms a new organisation
 * account (then signs it in and continues to `next`); `email` makes `email` the account's sign-in
 * address. Only the token's SHA-256 is stored; single use; expiry.
 */
export const emailConfirmations = sqliteTable(
	'email_confirmations',
	{
		/** hex SHA-256 of the token sent by email */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: ['register', 'email'] }).notNull(),
		/** the address the link was sent to (lower-cased): for `email`, the new sign-in address */
		email: text('email').notNull(),
		/** `register`: where the person continues once confirmed (a checked same-site path) */
		next: text('next'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('email_confirmations_user_idx').on(t.userId)]
);
