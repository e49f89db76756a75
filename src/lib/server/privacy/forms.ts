/** The privacy feature's public forms (找错 feedback, personal-data requests); messages are error keys. */
import { z } from 'zod';
import { id, one, text } from '../forms';

export const FEEDBACK_KINDS = ['broken', 'wrong', 'accessibility', 'other'] as const;
export const feedbackForm = z.object({
	pageUrl: one(z.string().trim().max(500, 'too_long')),
	kind: one(z.enum(FEEDBACK_KINDS, { error: 'choose' })),
	details: one(z.string().trim().min(5, 'too_short_text').max(2000, 'too_long')),
	contact: one(z.string().trim().max(200, 'too_long'))
});
export type FeedbackInput = z.output<typeof feedbackForm>;

export const RIGHTS_KINDS = ['access', 'correction', 'deletion'] as const;
export const rightsForm = z.object({
	kind: one(z.enum(RIGHTS_KINDS, { error: 'choose' })),
	trackingCode: one(z.string().trim().max(20, 'too_long')),
	details: one(z.string().trim().min(1, 'required').max(2000, 'too_long')),
	contact: one(z.string().trim().max(200, 'too_long'))
});
export type RightsInput = z.output<typeof rightsForm>;

/** Staff: a feedback row or request by id. */
export const rowForm = z.object({ id: id() });

/** How an admin checked the identity of someone who lost their link (the service requires it). */
export const verifyForm = z.object({ how: text() });

/** The reply that closes a request (the service requires it). */
export const replyForm = z.object({ reply: text() });
