/**
 * The report state machine (12345 practice: 受理 → 派单 → 办理 → 办结, with 回访), on the shared
 * engine (../workflow): one table of steps — from → to, who may take it, what it needs. Every
 * step writes a timeline event and, through the engine, an audit row in the caller's transaction.
 */
import { defineWorkflow } from '../workflow';
import { CLOSED_STATUSES, isOpenStatus } from '../../reports/states';
import type { ReportStatus } from './schema';

export type Actor = 'staff' | 'admin' | 'reporter' | 'system';
export type Need = 'public_note' | 'department' | 'original' | 'after_photo';

const STAFF = ['staff', 'admin'] as const;

export const workflow = defineWorkflow<ReportStatus, Actor, Need, Action>('report', {
	accept: { from: ['pending', 'transferred'], to: 'accepted', who: STAFF },
	assign: { from: ['accepted'], to: 'assigned', who: STAFF },
	start: { from: ['assigned'], to: 'in_progress', who: STAFF },
	resolve: { from: ['in_progress'], to: 'resolved', who: STAFF, needs: ['public_note', 'after_photo'] },
	reject: { from: ['pending', 'accepted', 'transferred'], to: 'rejected', who: STAFF, needs: ['public_note'] },
	transfer: {
		from: ['pending', 'accepted', 'assigned', 'in_progress', 'transferred'],
		to: 'transferred',
		who: STAFF,
		needs: ['department']
	},
	duplicate: { from: ['pending', 'accepted', 'transferred'], to: 'duplicate', who: STAFF, needs: ['original'] },
	/** the reporter's "not fixed" within the follow-up window */
	reopen: { from: ['resolved'], to: 'in_progress', who: ['reporter'] },
	/** the reporter's "fixed": the report stays resolved, confirmed */
	confirm: { from: ['resolved'], to: 'resolved', who: ['reporter'] }
});

export type Action =
	'accept' | 'assign' | 'start' | 'resolve' | 'reject' | 'transfer' | 'duplicate' | 'reopen' | 'confirm';

/** The table of steps (read by the staff page and the tests). */
export const TRANSITIONS = workflow.steps;

/** Categories whose resolution needs an "after" photo as proof. */
export const PHOTO_PROOF = new Set([
	'litter',
	'illegal_dumping',
	'construction_dumping',
	'reservoir_zone',
	'water_debris'
]);

export const allowed = workflow.allowed;

export { CLOSED_STATUSES };

/** Public (open311-like) view of a status: still open or closed. */
export function isOpen(s: ReportStatus): boolean {
	return isOpenStatus(s);
}
