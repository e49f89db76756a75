/** The reports feature's forms: the report itself and the reporter's later steps. Messages are error keys. */
import { z } from 'zod';
import { checked, id, many, one, text } from '../forms';
import { REPORT_CATEGORIES } from '../reference/vocabulary';

export const CATEGORY_CODES = REPORT_CATEGORIES.map((c) => c.code) as [string, ...string[]];

/** /report (and Open311, with the same rules): what is checked before the place is resolved. */
export const reportForm = z.object({
	category: one(z.enum(CATEGORY_CODES, { message: 'choose' })),
	description: one(z.string().trim().min(5, 'description_short').max(1000, 'too_long')),
	lat: text(),
	lng: text(),
	place: text(),
	contact: one(z.string().trim().max(100, 'too_long')),
	/** '1' when the visitor saw the open report nearby and sends anyway */
	confirmNew: text()
});
export const REPORT_FIELDS = ['category', 'description', 'lat', 'lng', 'place', 'contact', 'confirmNew'] as const;
/** What the service accepts: the parsed form, or the same fields as text from another channel. */
export type ReportInput = Partial<Record<(typeof REPORT_FIELDS)[number], string>>;

/** The reporter's "fixed / not fixed" with an optional note. */
export const followUpForm = z.object({ fixed: one(z.string()).transform((v) => v === 'yes'), note: text() });

/** More information on an open report (the service trims and requires it). */
export const infoForm = z.object({ info: text() });

/** A one-time code for a lost private link. */
export const redeemForm = z.object({ code: text().transform((v) => v.slice(0, 20)) });

/** Follow a report by e-mail (the service checks the address). */
export const followForm = z.object({ email: text() });

// ---------- staff ----------

/** A routing rule: category × kind of place → department (the service checks each against the lists). */
export const routingRuleForm = z.object({ category: text(), zoneKind: text(), department: text() });

/** A row named by id (a routing rule, an API key). */
export const rowForm = z.object({ id: id() });

/** An Open311 API key for a named client. */
export const apiKeyForm = z.object({ name: text() });

/** Accept or assign several reports at once (each goes through the same checked transition). */
export const bulkForm = z.object({
	action: one(z.enum(['accept', 'assign'], { error: 'illegal' })),
	code: many().transform((codes) => codes.slice(0, 200)),
	assignee: text()
});

/** An admin's answer to a department's request for more time. */
export const decideForm = z.object({ id: id(), approve: checked('1') });

/** Hide or show one photo of a report. */
export const photoVisibilityForm = z.object({ photo: id(), hidden: checked('1') });

/** A department asks for more days (the service checks the number and the reason). */
export const extensionForm = z.object({ days: text().transform(Number), reason: text() });

/** Hide a report from the public, or show it again, with the reason. */
export const reportVisibilityForm = z.object({ hidden: checked('1'), reason: text() });

/** A staff step in the report workflow with what that step needs (the workflow table says which). */
export const staffTransitionForm = z.object({
	action: text(),
	publicNote: text(),
	internalNote: text(),
	department: text(),
	original: text(),
	assignee: text(),
	expected: text()
});
