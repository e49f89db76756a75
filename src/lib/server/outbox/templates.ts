/**
 * Every kind of message the site sends, in both languages: a template names its subject, email
 * body and (where it may go by SMS) short SMS text as message keys in messages/*.json.
 * `kind` groups templates for staff and organisation users' preferences (/account) and the
 * privacy page's list.
 */
import { m } from '$lib/paraglide/messages';

type Fn = (p: Record<string, unknown>, o: { locale: 'zh-CN' | 'en' }) => string;

export const KINDS = [
	'report_updates',
	'report_follow',
	'staff_new_report',
	'staff_deadlines',
	'cell_progress',
	'cell_expiry',
	'account',
	'rights'
] as const;
export type Kind = (typeof KINDS)[number];
/** kinds a staff or organisation user may route to email and/or SMS in /account */
export const USER_KINDS: Record<'staff' | 'org', Kind[]> = {
	staff: ['staff_new_report', 'staff_deadlines'],
	org: ['cell_progress', 'cell_expiry']
};

interface Template {
	kind: Kind;
	subject: string;
	body: string;
	sms?: string;
}

const t = (kind: Kind, key: string, sms = true): Template => ({
	kind,
	subject: `msg_${key}_subject`,
	body: `msg_${key}_body`,
	sms: sms ? `msg_${key}_sms` : undefined
});

export const TEMPLATES = {
	'report.ack': t('report_updates', 'report_ack'),
	'report.accepted': t('report_updates', 'report_accepted'),
	'report.transferred': t('report_updates', 'report_transferred'),
	'report.extended': t('report_updates', 'report_extended'),
	'report.resolved': t('report_updates', 'report_resolved'),
	'report.rejected': t('report_updates', 'report_rejected'),
	'report.duplicate': t('report_updates', 'report_duplicate'),
	'follow.confirm': t('report_follow', 'follow_confirm', false),
	'follow.update': t('report_follow', 'follow_update', false),
	'staff.new_report': t('staff_new_report', 'staff_new_report'),
	'staff.digest': t('staff_new_report', 'staff_digest'),
	'staff.due_soon': t('staff_deadlines', 'staff_due_soon'),
	'staff.overdue': t('staff_deadlines', 'staff_overdue'),
	'cell.received': t('cell_progress', 'cell_received'),
	'cell.info_requested': t('cell_progress', 'cell_info_requested'),
	'cell.info_reminder': t('cell_progress', 'cell_info_reminder'),
	'cell.notice_started': t('cell_progress', 'cell_notice_started'),
	'cell.objection': t('cell_progress', 'cell_objection'),
	'cell.certified': t('cell_progress', 'cell_certified'),
	'cell.rejected': t('cell_progress', 'cell_rejected'),
	'cell.revoked': t('cell_progress', 'cell_revoked'),
	'cell.expiry': {
		kind: 'cell_expiry',
		subject: 'cell_reminder_subject',
		body: 'cell_reminder_body',
		sms: 'msg_cell_expiry_sms'
	},
	'account.reset': { kind: 'account', subject: 'account_reset_mail_subject', body: 'account_reset_mail_body' },
	'account.invite': { kind: 'account', subject: 'account_invite_mail_subject', body: 'account_invite_mail_body' },
	'account.email_changed': {
		kind: 'account',
		subject: 'account_email_changed_mail_subject',
		body: 'account_email_changed_mail_body'
	},
	'account.register_confirm': t('account', 'account_register_confirm', false),
	'account.email_confirm': t('account', 'account_email_confirm', false),
	'account.already_registered': t('account', 'account_already_registered', false),
	'rights.ack': t('rights', 'rights_ack'),
	'rights.reply': t('rights', 'rights_reply')
} satisfies Record<string, Template>;

export type TemplateName = keyof typeof TEMPLATES;

function msg(key: string): Fn {
	const f = (m as unknown as Record<string, Fn>)[key];
	if (!f) throw new Error(`message ${key} is missing`);
	return f;
}

export type Locale = 'zh-CN' | 'en';
export const asLocale = (l: string | null | undefined): Locale => (l === 'en' ? 'en' : 'zh-CN');

/** The rendered message: subject, email text, SMS text (the subject when the template has none). */
export function render(name: TemplateName, params: Record<string, unknown>, locale: Locale) {
	const tpl: Template = TEMPLATES[name];
	const o = { locale };
	return {
		subject: msg(tpl.subject)(params, o),
		text: msg(tpl.body)(params, o),
		sms: tpl.sms ? msg(tpl.sms)(params, o) : null
	};
}
