/** The working-day calendar's staff forms. Messages are error keys. */
import { z } from 'zod';
import { one, text } from '../forms';

/** A holiday or a swapped working day. */
export const dayForm = z.object({
	day: one(
		z
			.string()
			.regex(/^\d{4}-\d{2}-\d{2}$/, 'bad_date')
			.refine(
				(d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
				'bad_date'
			)
	),
	kind: one(z.enum(['holiday', 'workday'], { message: 'choose' })),
	nameZh: one(z.string().trim().min(1, 'required').max(40, 'too_long')),
	nameEn: one(z.string().trim().min(1, 'required').max(60, 'too_long'))
});
export const DAY_FIELDS = ['day', 'kind', 'nameZh', 'nameEn'] as const;
export type DayInput = Partial<Record<(typeof DAY_FIELDS)[number], string>>;

/** Removing a day (the service ignores one it does not hold). */
export const removeDayForm = z.object({ day: text() });

/** Confirming a year's provisional days. */
export const confirmYearForm = z.object({ year: text() });
