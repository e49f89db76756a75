/**
 * Error texts of the public report form, in a module of their own: /report loads these and not the
 * staff actions' texts beside them in labels.ts (a shared module is bundled whole; issue 19's 60 KB
 * of JavaScript per public page).
 */
import { m } from '$lib/paraglide/messages';

export const REPORT_ERRORS: Record<string, () => string> = {
	choose: m.error_choose,
	too_long: m.error_too_long,
	description_short: m.error_description_short,
	photo_required: m.error_photo_required,
	photo_count: m.error_photo_count,
	photo_bad_type: m.error_photo_bad_type,
	photo_too_large: m.error_photo_too_large,
	photo_empty: m.error_photo_empty,
	photo_unreadable: m.error_photo_unreadable,
	photo_infected: m.error_photo_infected,
	photo_scan_unavailable: m.error_photo_scan_unavailable,
	place_required: m.error_place_required,
	outside: m.error_outside
};
