/**
 * The cells feature's forms. An application section's answers are named after its criteria
 * (`v_<id>`, `n_<id>`, `f_<id>`) and checked by the service against the application's definition.
 */
import { z } from 'zod';
import { id, one, text } from '../forms';

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
export function sectionAnswers(values: Record<string, string | string[]>) {
	const out = { values: {} as Record<string, string>, notes: {} as Record<string, string> };
	for (const [k, v] of Object.entries(values)) {
		const first = Array.isArray(v) ? v[0] : v;
		if (k.startsWith('v_')) out.values[k.slice(2)] = first;
		else if (k.startsWith('n_')) out.notes[k.slice(2)] = first;
	}
	return out;
}
