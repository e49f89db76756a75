/**
 * The cells feature's forms. An application section's answers are named after its criteria
 * (`v_<id>`, `n_<id>`, `f_<id>`) and checked by the service against the application's definition.
 */
import { z } from 'zod';
import { id, many, one, prefixed, text, type FormValues } from '../forms';

/** An objection to a 公示 notice. */
export const objectionForm = z.object({
	id: id(),
	reason: one(z.string().refine((v) => v.trim().length >= 5, 'reason_required')),
	contact: text()
});

/** Start an application (or its renewal). */
export const startForm = z.object({
	type: text(),
	renewalOf: text().transform((v) => (v ? Number(v) : undefined))
});

/** Save a section: the criteria's values and notes, an evidence file to remove, where to go next. */
export const sectionForm = z.object({ remove: id(), then: text() });

/** The section's text answers by criterion id: `v_<id>` values and `n_<id>` notes. */
export const sectionAnswers = (values: FormValues) => ({
	values: prefixed(values, 'v_'),
	notes: prefixed(values, 'n_')
});

// ---------- staff ----------

/** A new draft of a cell type's criteria. */
export const criteriaDraftForm = z.object({ type: text() });

/** A draft's definition as JSON (the service parses and checks it). */
export const criteriaSaveForm = z.object({ definition: text() });

/** A review has no fixed fields: every score and comment is named after a criterion (reviewScores). */
export const reviewForm = z.object({});

/** A reviewer's scores (`r_<id>`) and comments (`c_<id>`) by criterion id. */
export const reviewScores = (values: FormValues) => ({
	values: prefixed(values, 'r_'),
	comments: prefixed(values, 'c_')
});

/** A reviewer's step in the workflow with what that step needs (the service checks which it does). */
export const transitionForm = z.object({
	action: text(),
	reason: text(),
	items: many(),
	dueDay: text(),
	visitDay: text(),
	findings: text(),
	objection: id().transform((n) => n || undefined)
});

/** Dismissing an objection, with the reason. */
export const dismissForm = z.object({ objection: id(), reason: text() });
