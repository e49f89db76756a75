/**
 * The report state machine (12345 practice: 受理 → 派单 → 办理 → 办结, with 回访). One table of
 * transitions: from → to, who may do it, what it needs. Every transition writes a timeline event
 * and an audit row in the caller's transaction.
 */
import type { ReportStatus } from './schema';

export type Actor = 'staff' | 'admin' | 'reporter' | 'system';

export interface Transition {
	from: ReportStatus[];
	to: ReportStatus;
	by: Actor[];
	/** what the transition needs */
	needs?: ('public_note' | 'department' | 'original' | 'after_photo')[];
}

export const TRANSITIONS: Record<string, Transition> = {
	accept: { from: ['pending', 'transferred'], to: 'accepted', by: ['staff', 'admin'] },
	assign: { from: ['accepted'], to: 'assigned', by: ['staff', 'admin'] },
	start: { from: ['assigned'], to: 'in_progress', by: ['staff', 'admin'] },
	resolve: { from: ['in_progress'], to: 'resolved', by: ['staff', 'admin'], needs: ['public_note'] },
	reject: {
		from: ['pending', 'accepted', 'transferred'],
		to: 'rejected',
		by: ['staff', 'admin'],
		needs: ['public_note']
	},
	transfer: {
		from: ['pending', 'accepted', 'assigned', 'in_progress', 'transferred'],
		to: 'transferred',
		by: ['staff', 'admin'],
		needs: ['department']
	},
	duplicate: {
		from: ['pending', 'accepted', 'transferred'],
		to: 'duplicate',
		by: ['staff', 'admin'],
		needs: ['original']
	},
	reopen: { from: ['resolved'], to: 'in_progress', by: ['reporter'] }
};

export type Action = keyof typeof TRANSITIONS;

/** Categories whose resolution needs an "after" photo as proof. */
export const PHOTO_PROOF = new Set([
	'litter',
	'illegal_dumping',
	'construction_dumping',
	'reservoir_zone',
	'water_debris'
]);

export function allowed(action: string, from: ReportStatus, by: Actor): boolean {
	const t = TRANSITIONS[action];
	return !!t && t.from.includes(from) && t.by.includes(by);
}

/** Public (open311-like) view of a status: still open or closed. */
export function isOpen(s: ReportStatus): boolean {
	return !['resolved', 'rejected', 'duplicate'].includes(s);
}
