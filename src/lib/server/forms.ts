/**
 * One way to read a form: `formValues` keeps what was typed (text only, repeated names as lists) so
 * a refused form can be refilled; `parseForm` checks it with a zod schema whose messages are message
 * keys, returning typed data or one error key per field (the first issue of each top-level field).
 */
import type { z } from 'zod';

export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;
export type Parsed<T> =
	{ ok: true; data: T; values: FormValues } | { ok: false; values: FormValues; errors: FieldErrors };

/** The text entries of a form; files are left out (they are never refilled). */
export function formValues(form: FormData, fields?: readonly string[]): FormValues {
	const out: FormValues = {};
	for (const key of fields ?? new Set(form.keys())) {
		const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
		if (all.length > 1) out[key] = all;
		else out[key] = all[0] ?? '';
	}
	return out;
}

/** The first issue's message per top-level field; `form` for issues about the whole form. */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const i of error.issues) errors[i.path.length ? String(i.path[0]) : 'form'] ??= i.message;
	return errors;
}

/** Checks a form (or values already read from one) against `schema`. */
export function parseForm<S extends z.ZodType>(
	schema: S,
	input: FormData | FormValues,
	fields?: readonly string[]
): Parsed<z.output<S>> {
	const values = input instanceof FormData ? formValues(input, fields) : input;
	const r = schema.safeParse(values);
	return r.success ? { ok: true, data: r.data, values } : { ok: false, values, errors: fieldErrors(r.error) };
}
