/** The collection points' staff forms. A point is checked as one CSV row by the import (admin.ts). */
import { z } from 'zod';
import { checked, many, text } from '../forms';
import { CSV_COLUMNS } from './admin';

/** Show or hide a point. */
export const visibilityForm = z.object({ id: text(), hidden: checked('1') });

/** A CSV pasted as text (a file upload is read separately). */
export const csvForm = z.object({ csv: text() });

/** The point editor: one text per CSV column (trimmed), the materials' checkboxes joined as in the CSV. */
export const POINT_FIELDS = CSV_COLUMNS.filter((c) => c !== 'is_sample');
export const pointForm = z.object(
	Object.fromEntries(
		POINT_FIELDS.map((c) => [
			c,
			c === 'materials' ? many().transform((m) => m.join(';')) : text().transform((v) => v.trim())
		])
	)
);
