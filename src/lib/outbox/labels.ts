/** Names of the kinds of message, for /account/messages and the privacy page. */
import { m } from '$lib/paraglide/messages';

const KIND: Record<string, () => string> = {
	report_updates: m.msgkind_report_updates,
	report_follow: m.msgkind_report_follow,
	staff_new_report: m.msgkind_staff_new_report,
	staff_deadlines: m.msgkind_staff_deadlines,
	cell_progress: m.msgkind_cell_progress,
	cell_expiry: m.msgkind_cell_expiry,
	account: m.msgkind_account,
	rights: m.msgkind_rights
};

export const MESSAGE_KINDS = Object.keys(KIND);
export const messageKindLabel = (k: string) => (KIND[k] ?? (() => k))();
