/** Texts for the row errors of a points CSV import (and the one-point form, which uses the same checks). */
import { m } from '$lib/paraglide/messages';

export const CSV_ERRORS: Record<string, () => string> = {
	required: m.csv_error_required,
	bad_id: m.csv_error_bad_id,
	duplicate_id: m.csv_error_duplicate_id,
	unknown_type: m.csv_error_unknown_type,
	unknown_town: m.csv_error_unknown_town,
	unknown_material: m.csv_error_unknown_material,
	bad_number: m.csv_error_bad_number,
	bad_coord_system: m.csv_error_bad_coord_system,
	outside_district: m.csv_error_outside_district,
	bad_hours: m.csv_error_bad_hours,
	too_long: m.csv_error_too_long
};
