/**
 * The error texts most forms share. A page whose form can only answer these (the sorting guide's
 * suggestion form) imports this table alone rather than every form's texts in form-errors.ts: a
 * shared module is bundled whole (issue 19's 60 KB of JavaScript per public page).
 */
import { m } from '$lib/paraglide/messages';

export const COMMON_ERRORS: Record<string, () => string> = {
	required: m.error_required,
	too_long: m.error_too_long,
	choose: m.error_choose,
	phone: m.error_phone,
	email: m.error_email,
	limited: m.error_limited,
	number: m.error_number
};

/** The text for `code` from a form's table of error texts; an unknown code reads as the generic error. */
export function errorFrom(table: Record<string, () => string>, code: string | undefined | null): string {
	return code ? (table[code] ?? m.error_generic_title)() : '';
}

/** The text for a common error code; any other code reads as the generic error. */
export const commonErrorText = (code: string | undefined) => errorFrom(COMMON_ERRORS, code);
