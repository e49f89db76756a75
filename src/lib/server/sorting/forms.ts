/** The sorting guide's forms: a visitor's suggestion and the quiz. Messages are error keys. */
import { z } from 'zod';
import { many, one } from '../forms';

/** "Can't find it? Tell us": an item the guide lacks. */
export const suggestionForm = z.object({
	name: one(z.string().trim().min(1, 'required').max(60, 'too_long')),
	description: one(z.string().trim().max(500, 'too_long')),
	contact: one(z.string().trim().max(100, 'too_long'))
});
export const SUGGESTION_FIELDS = ['name', 'description', 'contact'] as const;
export type SuggestionInput = Partial<Record<(typeof SUGGESTION_FIELDS)[number], string>>;

/** The quiz's four bins. */
export const QUIZ_BINS = ['kitchen', 'recyclable', 'hazardous', 'other'] as const;
export const QUIZ_SIZE = 10;

/** Which items the quiz asked about: each once, at most QUIZ_SIZE. */
export const quizItemsForm = z.object({
	item: many().transform((slugs) => [...new Set(slugs)].slice(0, QUIZ_SIZE))
});

/** One answer per asked item, named `a-<slug>`, each one of the bins. */
export const quizAnswersForm = (slugs: readonly string[]) =>
	z.object(Object.fromEntries(slugs.map((s) => [`a-${s}`, one(z.enum(QUIZ_BINS, { error: 'choose' }))])));
