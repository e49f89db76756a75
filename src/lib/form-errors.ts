/**
 * Server error codes → localised text. Services return codes (e.g. `credit_check`,
 * `password_common`); pages turn them into words here so every message stays in messages/*.json.
 */
import { m } from '$lib/paraglide/messages';
import { PASSWORD_MIN } from '$lib/auth/password-rules';
import { COMMON_ERRORS, errorFrom } from '$lib/form-errors-common';

const TEXT: Record<string, () => string> = {
	...COMMON_ERRORS,
	credit_length: m.error_credit_length,
	credit_check: m.error_credit_check,
	credit_taken: m.error_credit_taken,
	email_taken: m.error_email_taken,
	password_too_short: () => m.error_password_too_short({ min: PASSWORD_MIN }),
	password_too_long: m.error_password_too_long,
	password_common: m.error_password_common,
	password_contains_email: m.error_password_contains_email,
	too_short: () => m.error_password_too_short({ min: PASSWORD_MIN }),
	common: m.error_password_common,
	contains_email: m.error_password_contains_email,
	wrong_password: m.error_wrong_password,
	session_gone: m.error_session_gone,
	totp: m.error_totp,
	unknown_department: m.error_unknown_department,
	department_required: m.error_department_required,
	bad_email: m.error_email,
	bad_role: m.error_choose,
	last_admin: m.account_leave_last_admin,
	self: m.admin_users_self,
	name_taken: m.error_name_taken,
	bad_date: m.error_bad_date,
	bad_period: m.error_bad_period,
	doc_empty: m.error_doc_empty,
	identify: m.error_identify,
	unknown_code: m.error_unknown_code,
	too_short_text: m.error_too_short_text,
	doc_too_large: m.error_doc_too_large,
	doc_bad_type: m.error_doc_bad_type,
	doc_unreadable: m.error_doc_unreadable,
	doc_infected: m.error_doc_infected,
	doc_scan_unavailable: m.error_doc_scan_unavailable
};

export function errorText(code: string | undefined): string {
	return errorFrom(TEXT, code);
}

/** Field errors in form order, for the summary at the top. */
export function summarise(
	errors: Record<string, string> | undefined,
	order: string[]
): { field: string; text: string }[] {
	if (!errors) return [];
	const keys = [...order.filter((k) => k in errors), ...Object.keys(errors).filter((k) => !order.includes(k))];
	return keys.map((k) => ({ field: k, text: errorText(errors[k]) }));
}
