/**
 * Who may do what — the one table for every feature. Routes call `can` (or the guards in
 * guard.ts) in every load, action and endpoint; layouts alone protect nothing.
 *
 * Staff belong to exactly one department and act only on that department's work; admin may do
 * everything; `org` accounts act only on their own organisation's records.
 */
import type { SessionUser } from './session';

export interface Context {
	/** the department that owns the record or queue */
	department?: string | null;
	/** the organisation that owns the record */
	orgId?: string | null;
	/** the departments (codes) responsible for the record: a plan indicator or task, a 无废细胞 type with more than one lead department */
	departments?: readonly string[];
	/** the 无废细胞 type of an application */
	cellType?: string;
}

type Rule = (u: SessionUser, c: Context) => boolean;

const isAdmin: Rule = (u) => u.role === 'admin';
const isStaff: Rule = (u) => u.role === 'staff' || u.role === 'admin';
const ownDepartment: Rule = (u, c) =>
	u.role === 'admin' || (u.role === 'staff' && !!c.department && u.departmentCode === c.department);
/** One of the record's departments; a town's staff act for 相关镇 / 各镇街 ("the towns concerned"). */
const amongDepartments: Rule = (u, c) =>
	u.role === 'admin' ||
	(u.role === 'staff' &&
		!!u.departmentCode &&
		!!c.departments &&
		(c.departments.includes(u.departmentCode) ||
			(u.departmentCode.startsWith('town_') &&
				c.departments.some((d) => d === 'towns_concerned' || d === 'all_towns'))));
const ownOrg: Rule = (u, c) => u.role === 'org' && !!c.orgId && u.orgId === c.orgId;

export const RULES = {
	/** the staff area at /admin (second factor required as well, see guard.ts) */
	'admin.enter': isStaff,
	'audit.view': isAdmin,
	/** /admin/security: sign-in failures, throttling, refused access (addresses and accounts) */
	'security.view': isAdmin,
	/** the holiday calendar every working-day deadline uses */
	'calendar.manage': isAdmin,
	/** keys for machine clients (Open311) */
	'api_keys.manage': isAdmin,
	/** the report routing table */
	'routing.manage': isAdmin,
	'users.manage': isAdmin,
	/** a department's work queue (reports, applications…) */
	'department.queue': ownDepartment,
	/** the organisation's own profile and applications */
	'org.own': ownOrg,
	/** drop-off points (区城管委 runs recyclables and sorting stations) */
	'points.manage': (u) => u.role === 'admin' || (u.role === 'staff' && u.departmentCode === 'city_management'),
	/** the sorting guide's items and the suggestion queue: 区城管委 runs household sorting */
	'sorting.manage': (u) => u.role === 'admin' || (u.role === 'staff' && u.departmentCode === 'city_management'),
	/** record a figure for a plan indicator: staff of a responsible department */
	'indicators.record': amongDepartments,
	/** set a key task's status: staff of its lead department */
	'tasks.update': amongDepartments,
	/** 通知公告: staff write and publish notices (every step audited) */
	'notices.manage': isStaff,
	/** personal-data requests and 找错 reports */
	'privacy.manage': isAdmin,
	/** the outbox: every message, its delivery state, retry and cancel, the per-recipient cap */
	'outbox.manage': isAdmin,
	'account.own': () => true,
	/** an organisation applies for 无废细胞 recognition */
	'cells.apply': (u) => u.role === 'org' && !!u.orgId,
	/**
	 * reviewing a 无废细胞 application: admin, or staff of one of the type's lead departments —
	 * never for their own organisation (the park administration does not review the park's own
	 * 无废园区 application; 区经信局 does)
	 */
	'cells.review': (u, c) => {
		if (c.orgId && u.orgId === c.orgId) return false;
		if (c.cellType === 'park' && u.departmentCode === 'zgc_park_admin') return false;
		return (
			u.role === 'admin' || (u.role === 'staff' && !!u.departmentCode && !!c.departments?.includes(u.departmentCode))
		);
	},
	/** the criteria sets and their versions */
	'cells.criteria': isAdmin,
	/** surveys behind indicators 54–56: 区生态环境局 leads the programme */
	'surveys.manage': (u) => u.role === 'admin' || (u.role === 'staff' && u.departmentCode === 'ecology_environment'),
	/** the town population table the indicators are weighted by */
	'surveys.population': isAdmin
} satisfies Record<string, Rule>;

export type Permission = keyof typeof RULES;

export function can(user: SessionUser | null | undefined, permission: Permission, context: Context = {}): boolean {
	if (!user) return false;
	return RULES[permission](user, context);
}

/**
 * Roles that need a verified second factor (TOTP or a recovery code) before any signed-in page:
 * every role — staff, admin and organisation accounts alike (ASVS 5.0 6.3.2).
 */
export function needsSecondFactor(user: Pick<SessionUser, 'role'>): boolean {
	return user.role === 'staff' || user.role === 'admin' || user.role === 'org';
}
