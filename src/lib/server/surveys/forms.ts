/**
 * The public survey forms. A page's answers are named after its questions and checked by the
 * service against the survey's definition and the answers so far (skip logic), so the schema
 * here reads only the fixed fields and hands the answers over as sent.
 */
import { z } from 'zod';
import { checked, one, text } from '../forms';

/** Consent (and an invitation code when the survey is by invitation). */
export const startForm = z.object({ consent: checked('yes'), invite: text().transform((v) => v.slice(0, 40)) });

/** A page of answers, going on or back. */
export const pageForm = z.object({
	dir: one(z.string()).transform((v): 'next' | 'back' => (v === 'back' ? 'back' : 'next'))
});
