import { m } from '$lib/paraglide/messages';

const KIND: Record<string, () => string> = {
	access: m.rights_kind_access,
	correction: m.rights_kind_correction,
	deletion: m.rights_kind_deletion
};
const STATUS: Record<string, () => string> = {
	open: m.rights_status_open,
	fulfilled: m.rights_status_fulfilled,
	refused: m.rights_status_refused,
	unknown: m.rights_status_unknown
};
const FEEDBACK: Record<string, () => string> = {
	broken: m.feedback_kind_broken,
	wrong: m.feedback_kind_wrong,
	accessibility: m.feedback_kind_accessibility,
	other: m.feedback_kind_other
};
export const rightsKindLabel = (k: string) => KIND[k]?.() ?? k;
export const rightsStatusLabel = (s: string) => STATUS[s]?.() ?? s;
export const feedbackKindLabel = (k: string) => FEEDBACK[k]?.() ?? k;
