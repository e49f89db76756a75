/**
 * The survey lifecycle: draft → open → closed → archived, on the shared engine (../workflow). Every
 * step is audited in the caller's transaction. Questions can be edited only in draft, so an open
 * survey's questions never change under answers already given.
 */
import { defineWorkflow } from '../workflow';
import type { ReviewStatus, SurveyStatus } from './schema';

export type SurveyAction = 'open' | 'close' | 'reopen' | 'archive';
/** Surveys are run by staff with the surveys permission (the route checks it). */
export type Actor = 'staff';
export type Need = 'valid_definition';

export const workflow = defineWorkflow<SurveyStatus, Actor, Need, SurveyAction>('survey', {
	open: { from: ['draft'], to: 'open', who: ['staff'], needs: ['valid_definition'] },
	close: { from: ['open'], to: 'closed', who: ['staff'] },
	reopen: { from: ['closed'], to: 'open', who: ['staff'] },
	archive: { from: ['closed'], to: 'archived', who: ['staff'] }
});

export const TRANSITIONS = workflow.steps;

export function allowed(action: string, from: SurveyStatus): action is SurveyAction {
	return workflow.allowed(action, from, 'staff');
}

export function actionsFrom(from: SurveyStatus): SurveyAction[] {
	return workflow.actionsFor(from, 'staff');
}

export const editable = (s: SurveyStatus) => s === 'draft';

/**
 * Staff review of one completed response. A flagged response stays in the figures; staff may
 * exclude it, giving a reason, and include it again. Both steps are audited (`survey_response.*`).
 */
export type ReviewAction = 'exclude' | 'include';
export const reviewWorkflow = defineWorkflow<ReviewStatus, Actor, 'reason', ReviewAction>('survey_response', {
	exclude: { from: ['included'], to: 'excluded', who: ['staff'], needs: ['reason'] },
	include: { from: ['excluded'], to: 'included', who: ['staff'] }
});
