/**
 * The survey lifecycle: draft → open → closed → archived. One table; every transition is audited
 * in the caller's transaction. Questions can be edited only in draft, so an open survey's questions
 * never change under answers already given.
 */
import type { SurveyStatus } from './schema';

export interface Transition {
	from: SurveyStatus[];
	to: SurveyStatus;
}

export const TRANSITIONS = {
	open: { from: ['draft'], to: 'open' },
	close: { from: ['open'], to: 'closed' },
	reopen: { from: ['closed'], to: 'open' },
	archive: { from: ['closed'], to: 'archived' }
} satisfies Record<string, Transition>;

export type SurveyAction = keyof typeof TRANSITIONS;

export function allowed(action: string, from: SurveyStatus): action is SurveyAction {
	const t = (TRANSITIONS as Record<string, Transition>)[action];
	return !!t && t.from.includes(from);
}

export function actionsFrom(from: SurveyStatus): SurveyAction[] {
	return (Object.keys(TRANSITIONS) as SurveyAction[]).filter((a) => allowed(a, from));
}

export const editable = (s: SurveyStatus) => s === 'draft';
