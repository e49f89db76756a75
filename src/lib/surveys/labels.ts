/** Browser-safe labels for survey codes (statuses, errors, flags, question types, indicators). */
import { m } from '$lib/paraglide/messages';

export const SURVEY_STATUS: Record<string, () => string> = {
	draft: m.survey_status_draft,
	open: m.survey_status_open,
	closed: m.survey_status_closed,
	archived: m.survey_status_archived
};
export const SURVEY_ACTION: Record<string, () => string> = {
	open: m.survey_action_open,
	close: m.survey_action_close,
	reopen: m.survey_action_reopen,
	archive: m.survey_action_archive
};
export const ANSWER_ERROR: Record<string, () => string> = {
	required: m.survey_error_required,
	invalid: m.survey_error_invalid,
	too_long: m.survey_error_too_long,
	bad_time: m.survey_error_bad_time
};
export const QUESTION_TYPE: Record<string, () => string> = {
	single: m.survey_type_single,
	multiple: m.survey_type_multiple,
	likert: m.survey_type_likert,
	matrix: m.survey_type_matrix,
	rating: m.survey_type_rating,
	number: m.survey_type_number,
	text: m.survey_type_text,
	longtext: m.survey_type_longtext
};
export const INDICATOR_NAME: Record<number, () => string> = {
	54: m.survey_ind_54,
	55: m.survey_ind_55,
	56: m.survey_ind_56
};
export const INDICATOR_STATUS: Record<string, () => string> = {
	significantly_met: m.survey_ind_significantly_met,
	met: m.survey_ind_met,
	not_met: m.survey_ind_not_met,
	no_data: m.survey_ind_no_data
};
export const GROUP: Record<string, () => string> = {
	public: m.survey_group_public,
	government: m.survey_group_government,
	enterprise: m.survey_group_enterprise,
	ngo: m.survey_group_ngo
};

/** 0.8123 → "81.2%" */
export const pct = (x: number | null | undefined, digits = 1) => (x == null ? '—' : `${(x * 100).toFixed(digits)}%`);

export const FLAG: Record<string, () => string> = {
	attention: m.survey_flag_attention,
	straightline: m.survey_flag_straightline,
	uniform_fast: m.survey_flag_uniform_fast,
	speed: m.survey_flag_speed,
	device_repeat: m.survey_flag_device_repeat,
	ip_burst: m.survey_flag_ip_burst,
	excluded_by_staff: m.survey_flag_excluded_by_staff
};
export const REVIEW_ERROR: Record<string, () => string> = {
	reason_missing: m.survey_review_error_reason_missing,
	reason_too_long: m.survey_review_error_reason_too_long,
	not_found: m.survey_review_error_not_found,
	not_allowed: m.survey_review_error_not_allowed,
	conflict: m.survey_review_error_conflict
};

/** 197000 → "3 min 17 s" */
export const duration = (ms: number | null | undefined) => {
	if (ms == null) return '—';
	const s = Math.round(ms / 1000);
	return m.survey_minutes_seconds({ min: Math.floor(s / 60), sec: s % 60 });
};
