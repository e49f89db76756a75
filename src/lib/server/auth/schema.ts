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
		displayName: text('display_name').notNull(),
		/** base64 of the 20-byte TOTP key; null until enrolled */
		totpKey: text('totp_key'),
		/** the last TOTP time step accepted: a code is never accepted twice */
		totpLastStep: integer('totp_last_step'),
		disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
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
		pendingTotpKey: text('pending_totp_key')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);
