/**
 * The 无废细胞 application state machine (Shanghai's 申报 → 受理评估 → 认定公布 → 监督管理).
 * One table on the shared engine (../workflow): from → to, who may do it, what it needs.
 * service.transition checks the needs through it and applies the step, writing a timeline event
 * and (through the engine) an audit row in one transaction.
 */
import { defineWorkflow } from '../workflow';
import type { CellStatus } from './schema';

export type Actor = 'applicant' | 'reviewer' | 'system';
export type Need =
	| 'eligible'
	| 'complete'
	| 'reason'
	| 'items'
	| 'due_day'
	| 'visit'
	| 'scored'
	| 'passing_review'
	| 'notice_closed'
	| 'no_open_objection';

/** Being assessed: submitted and not yet decided (the reviewers' queue, rejectable). */
export const REVIEWING = [
	'submitted',
	'accepted',
	'under_review',
	'info_requested',
	'site_visit',
	'recommended',
	'public_notice'
] as const satisfies readonly CellStatus[];

export type Action =
	| 'submit'
	| 'accept'
	| 'start_review'
	| 'request_info'
	| 'resubmit'
	| 'site_visit'
	| 'recommend'
	| 'publish_notice'
	| 'uphold_objection'
	| 'certify'
	| 'reject'
	| 'expire'
	| 'revoke';

export const workflow = defineWorkflow<CellStatus, Actor, Need, Action>(
	'cell',
	{
		submit: { from: ['draft'], to: 'submitted', who: ['applicant'], needs: ['eligible', 'complete'] },
		accept: { from: ['submitted'], to: 'accepted', who: ['reviewer'] },
		start_review: { from: ['accepted'], to: 'under_review', who: ['reviewer'] },
		request_info: {
			from: ['under_review', 'site_visit'],
			to: 'info_requested',
			who: ['reviewer'],
			needs: ['items', 'due_day']
		},
		resubmit: { from: ['info_requested'], to: 'under_review', who: ['applicant'], needs: ['eligible', 'complete'] },
		site_visit: { from: ['under_review'], to: 'site_visit', who: ['reviewer'], needs: ['visit'] },
		recommend: {
			from: ['under_review', 'site_visit'],
			to: 'recommended',
			who: ['reviewer'],
			needs: ['scored', 'passing_review']
		},
		publish_notice: { from: ['recommended'], to: 'public_notice', who: ['reviewer'] },
		uphold_objection: { from: ['public_notice'], to: 'under_review', who: ['reviewer'], needs: ['reason'] },
		certify: {
			from: ['public_notice'],
			to: 'certified',
			who: ['reviewer'],
			needs: ['notice_closed', 'no_open_objection']
		},
		reject: { from: REVIEWING, to: 'rejected', who: ['reviewer'], needs: ['reason'] },
		expire: { from: ['certified'], to: 'expired', who: ['system'] },
		revoke: { from: ['certified'], to: 'revoked', who: ['reviewer'], needs: ['reason'] }
	},
	{ subjectType: 'cell_application' }
);

export const TRANSITIONS = workflow.steps;
export const ACTIONS = workflow.actions;
export const isAction = workflow.isAction;
export const allowed = workflow.allowed;

/** Reviewer actions offered on an application in `status`. */
export function actionsFor(status: CellStatus, by: Actor): Action[] {
	return workflow.actionsFor(status, by);
}

/** The applicant may change answers: all of them in a draft, only the reopened ones during 补正. */
export function mayEdit(status: CellStatus, reopened: string[] | null, criterionId: string): boolean {
	if (status === 'draft') return true;
	if (status === 'info_requested') return !!reopened?.includes(criterionId);
	return false;
}
