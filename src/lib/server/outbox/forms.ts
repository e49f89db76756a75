/** The outbox's staff forms. */
import { z } from 'zod';
import { id, one } from '../forms';

/** Retry or cancel one message. */
export const messageForm = z.object({ id: id() });

/** The daily cap per recipient: a whole number from 1 to 1000. */
export const capForm = z.object({
	cap: one(
		z
			.string()
			.trim()
			.regex(/^\d{1,4}$/, 'number')
			.transform(Number)
			.refine((n) => n >= 1 && n <= 1000, 'number')
	)
});
