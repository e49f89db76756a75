/** Browser-safe labels for 无废细胞 statuses, kinds, actions and error codes. */
import { m } from '$lib/paraglide/messages';
import { nameIn } from '$lib/text';
import { errorFrom } from '$lib/form-errors-common';

export const STATUS: Record<string, () => string> = {
	draft: m.cell_status_draft,
	submitted: m.cell_status_submitted,
	accepted: m.cell_status_accepted,
	under_review: m.cell_status_under_review,
	info_requested: m.cell_status_info_requested,
	site_visit: m.cell_status_site_visit,
	recommended: m.cell_status_recommended,
	public_notice: m.cell_status_public_notice,
	certified: m.cell_status_certified,
	rejected: m.cell_status_rejected,
	expired: m.cell_status_expired,
	revoked: m.cell_status_revoked
};

export const SECTION_STATUS: Record<string, () => string> = {
	not_started: m.cell_task_not_started,
	in_progress: m.cell_task_in_progress,
	completed: m.cell_task_completed,
	cannot_start: m.cell_task_cannot_start,
	to_fix: m.cell_task_to_fix
};

export const KIND: Record<string, () => string> = {
	eligibility: m.cell_kind_eligibility,
	mandatory: m.cell_kind_mandatory,
	scored: m.cell_kind_scored,
	bonus: m.cell_kind_bonus
};

export const EVIDENCE: Record<string, () => string> = {
	document: m.cell_evidence_document,
	photo: m.cell_evidence_photo,
	data: m.cell_evidence_data,
	onsite: m.cell_evidence_onsite
};

export const ACTION: Record<string, () => string> = {
	accept: m.cell_action_accept,
	start_review: m.cell_action_start_review,
	request_info: m.cell_action_request_info,
	site_visit: m.cell_action_site_visit,
	recommend: m.cell_action_recommend,
	publish_notice: m.cell_action_publish_notice,
	certify: m.cell_action_certify,
	reject: m.cell_action_reject,
	revoke: m.cell_action_revoke
};

export const ERROR: Record<string, () => string> = {
	not_found: m.cell_error_not_found,
	illegal: m.cell_error_illegal,
	reason_required: m.cell_error_reason_required,
	items_required: m.cell_error_items_required,
	due_day_required: m.cell_error_due_day_required,
	visit_required: m.cell_error_visit_required,
	not_passing: m.cell_error_not_passing,
	scores_required: m.cell_error_scores_required,
	incomplete: m.cell_error_incomplete,
	ineligible: m.cell_error_ineligible,
	notice_open: m.cell_error_notice_open,
	objection_open: m.cell_error_objection_open,
	closed: m.cell_error_closed,
	limited: m.error_limited,
	locked: m.cell_error_locked,
	already_open: m.cell_error_already_open,
	bad_type: m.cell_error_bad_type,
	not_renewable: m.cell_error_illegal,
	choose: m.error_choose,
	too_long: m.error_too_long,
	file_empty: m.cell_error_file_empty,
	file_too_large: m.cell_error_file_too_large,
	file_bad_type: m.cell_error_file_bad_type,
	file_unreadable: m.cell_error_file_unreadable,
	file_infected: m.cell_error_file_infected,
	file_scan_unavailable: m.cell_error_file_scan_unavailable,
	bad_json: m.cell_error_bad_json,
	invalid: m.cell_error_invalid,
	not_draft: m.cell_error_illegal
};

export const errorText = (code: string | undefined | null) => errorFrom(ERROR, code);

/** The name of a bilingual record in the page's language. */
export const tr = (r: { zh: string; en: string } | undefined | null) => (r ? nameIn(r) : '');

/** How an answer value reads: yes/no, a tier's label, a count of shortcomings. */
export function valueLabel(
	c: { kind: string; method?: string; tiers?: { zh: string; en: string; points: number }[] },
	v: string | null | undefined
): string {
	if (v == null || v === '') return m.cell_unanswered();
	if (c.method === 'tiered' && c.kind === 'scored') return tr(c.tiers?.[Number(v)]);
	if (c.method === 'deduction') return m.cell_deductions({ n: v });
	return v === 'yes' ? m.cell_yes() : m.cell_no();
}
