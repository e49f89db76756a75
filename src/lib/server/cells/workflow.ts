/**
 * The 无废细胞 application state machine (Shanghai's 申报 → 受理评估 → 认定公布 → 监督管理).
 * One table: from → to, who may do it, what it needs. service.transition applies it and writes
 * a timeline event and an audit row in one transaction.
 */
import type { CellStatus } from './schema';

export type Actor = 'applicant' | 'reviewer' | 'system';
export type Need = 'reason' | 'items' | 'due_day' | 'visit' | 'passing_review' | 'notice_closed' | 'no_open_objection';

export interface Transition {
	from: CellStatus[];
	to: CellStatus;
	by: Actor[];
	needs?: Need[];
}

const REVIEWING: CellStatus[] = [
	'submitted',
	'accepted',
	'under_review',
	'info_requested',
	'site_visit',
	'recommended',
	'public_notice'
];

export const TRANSITIONS = {
	submit: { from: ['draft'], to: 'submitted', by: ['applicant'] },
	accept: { from: ['submitted'], to: 'accepted', by: ['reviewer'] },
	start_review: { from: ['accepted'], to: 'under_review', by: ['reviewer'] },
	request_info: {
		from: ['under_review', 'site_visit'],
		to: 'info_requested',
		by: ['reviewer'],
		needs: ['items', 'due_day']
	},
	resubmit: { from: ['info_requested'], to: 'under_review', by: ['applicant'] },
	site_visit: { from: ['under_review'], to: 'site_visit', by: ['reviewer'], needs: ['visit'] },
	recommend: { from: ['under_review', 'site_visit'], to: 'recommended', by: ['reviewer'], needs: ['passing_review'] },
	publish_notice: { from: ['recommended'], to: 'public_notice', by: ['reviewer'] },
	uphold_objection: { from: ['public_notice'], to: 'under_review', by: ['reviewer'], needs: ['reason'] },
	certify: {
		from: ['public_notice'],
		to: 'certified',
		by: ['reviewer'],
		needs: ['notice_closed', 'no_open_objection']
	},
	reject: { from: REVIEWING, to: 'rejected', by: ['reviewer'], needs: ['reason'] },
	expire: { from: ['certified'], to: 'expired', by: ['system'] },
	revoke: { from: ['certified'], to: 'revoked', by: ['reviewer'], needs: ['reason'] }
} satisfies Record<string, Transition>;

export type Action = keyof typeof TRANSITIONS;
export const ACTIONS = Object.keys(TRANSITIONS) as Action[];

export function isAction(a: string): a is Action {
	return Object.hasOwn(TRANSITIONS, a);
}

export function allowed(action: string, from: CellStatus, by: Actor): boolean {
	if (!isAction(action)) return false;
	const t: Transition = TRANSITIONS[action];
	return t.from.includes(from) && t.by.includes(by);
}

/** Reviewer actions offered on an application in `status`. */
export function actionsFor(status: CellStatus, by: Actor): Action[] {
	return ACTIONS.filter((a) => allowed(a, status, by));
}

/** The applicant may change answers: all of them in a draft, only the reopened ones during 补正. */
export function mayEdit(status: CellStatus, reopened: string[] | null, criterionId: string): boolean {
	if (status === 'draft') return true;
	if (status === 'info_requested') return !!reopened?.includes(criterionId);
	return false;
}
