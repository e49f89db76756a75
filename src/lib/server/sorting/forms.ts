/** The sorting guide's forms: a visitor's suggestion and the quiz. Messages are error keys. */
import { z } from 'zod';
import { id, many, one, text } from '../forms';
import { CATEGORY_CODES } from './data';
import { MATERIAL_KEYS } from '../reference/vocabulary';

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

// ---------- staff ----------

/** Names typed one per line or separated by commas (Chinese or Western) or semicolons. */
const lines = (v: unknown) =>
	(Array.isArray(v) ? v : [v ?? ''])
		.flatMap((s) => String(s).split(/[\n,，、;；]+/))
		.map((x) => x.trim())
		.filter(Boolean);

/** A new item, from a suggestion or from nothing. Materials come as checkboxes or as a list. */
export const newItemForm = z.object({
	zh: one(z.string().trim().min(1, 'required').max(40, 'too_long')),
	synonyms: z.preprocess(lines, z.array(z.string().max(40, 'too_long')).max(20, 'too_long')),
	en: z.preprocess(lines, z.array(z.string().max(60, 'too_long')).min(1, 'required').max(10, 'too_long')),
	category: one(z.enum(CATEGORY_CODES, { message: 'choose' })),
	instructionsZh: one(z.string().trim().min(1, 'required').max(300, 'too_long')),
	instructionsEn: one(z.string().trim().min(1, 'required').max(300, 'too_long')),
	materials: z.preprocess(lines, z.array(z.enum(MATERIAL_KEYS as [string, ...string[]], { message: 'choose' })))
});
export const NEW_ITEM_FIELDS = [
	'zh',
	'synonyms',
	'en',
	'category',
	'instructionsZh',
	'instructionsEn',
	'materials'
] as const;

/** The suggestion a staff action is about. */
export const suggestionRowForm = z.object({ suggestion: id() });

/** Merge a suggestion into an item as a synonym (the name defaults to the suggested one). */
export const mergeForm = z.object({ suggestion: id(), target: text(), name: text() });

/** Reject a suggestion with a note. */
export const rejectForm = z.object({ suggestion: id(), note: text() });
