/**
 * One way to read a form: `formValues` keeps what was typed (text only, repeated names as lists) so
 * a refused form can be refilled; `parseForm` checks it with a zod schema whose messages are message
 * keys, returning typed data or one error key per field (the first issue of each top-level field).
 */
import { z } from 'zod';

export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;
export type Parsed<T> =
	{ ok: true; data: T; values: FormValues } | { ok: false; values: FormValues; errors: FieldErrors };

const first = (v: unknown) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/**
 * A single-valued field read as `form.get` reads it: the first value when the name is repeated
 * (hostile or double-submitted forms), '' when absent — so a schema never sees a list or undefined.
 */
export const one = <T extends z.ZodType>(schema: T) => z.preprocess(first, schema);

/** A whole schema whose fields are each read as one value (for a schema shared with non-form callers). */
export const single = <T extends z.ZodType>(schema: T) =>
	z.preprocess(
		(v) => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, first(x)])) : v),
		schema
	);

/** A text field: one value, '' when absent. */
export const text = () => one(z.string());

/** A name that may repeat (checkboxes, multi-selects): always a list, empty when absent. */
export const many = () =>
	z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

/** A checkbox or yes/no choice: true only when `value` was sent. */
export const checked = (value = 'yes') => z.preprocess((v) => first(v) === value, z.boolean());

/** A positive whole number such as a row id; 0 when absent or not one (services refuse 0 as not found). */
export const id = () =>
	z.preprocess((v) => {
		const n = Number(first(v));
		return Number.isSafeInteger(n) && n > 0 ? n : 0;
	}, z.number());

/**
 * Fields named `<prefix><key>` (answers named after criteria or questions) by key, first value each:
 * for forms whose fields come from data, checked by their service against that data.
 */
export function prefixed(values: FormValues, prefix: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(values))
		if (k.startsWith(prefix)) out[k.slice(prefix.length)] = Array.isArray(v) ? v[0] : v;
	return out;
}

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

/** The first text value of each named field ('' when absent), typed by the names: for forms whose fields hold one value each. */
export function textValues<K extends string>(form: FormData, fields: readonly K[]): Record<K, string> {
	const out = {} as Record<K, string>;
	for (const key of fields) {
		const v = form.get(key);
		out[key] = typeof v === 'string' ? v : '';
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
