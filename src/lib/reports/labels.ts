/** Browser-safe labels for report statuses and error codes. */
import { m } from '$lib/paraglide/messages';

export const STATUS: Record<string, () => string> = {
	pending: m.status_pending,
	accepted: m.status_accepted,
	assigned: m.status_assigned,
	in_progress: m.status_in_progress,
	resolved: m.status_resolved,
	rejected: m.status_rejected,
	transferred: m.status_transferred,
	duplicate: m.status_duplicate
};

export { isOpenStatus } from './states';

export const REPORT_ERRORS: Record<string, () => string> = {
	choose: m.error_choose,
	too_long: m.error_too_long,
	description_short: m.error_description_short,
	photo_required: m.error_photo_required,
	photo_count: m.error_photo_count,
	photo_bad_type: m.error_photo_bad_type,
	photo_too_large: m.error_photo_too_large,
	photo_empty: m.error_photo_empty,
	photo_unreadable: m.error_photo_unreadable,
	photo_infected: m.error_photo_infected,
	photo_scan_unavailable: m.error_photo_scan_unavailable,
	place_required: m.error_place_required,
	outside: m.error_outside
};

export const ACTION_ERRORS: Record<string, () => string> = {
	illegal: m.action_error_illegal,
	conflict: m.workflow_conflict,
	forbidden: m.action_error_forbidden,
	public_note_required: m.action_error_public_note_required,
	department_required: m.action_error_department_required,
	original_required: m.action_error_original_required,
	after_photo_required: m.action_error_after_photo_required,
	photo_invalid: m.action_error_photo_invalid,
	photo_scan_unavailable: m.action_error_photo_scan_unavailable,
	not_found: m.action_error_not_found,
	reason_required: m.action_error_reason_required,
	no_deadline: m.action_error_no_deadline,
	pending_exists: m.action_error_pending_exists,
	invalid: m.action_error_invalid,
	not_pending: m.action_error_not_pending
};
