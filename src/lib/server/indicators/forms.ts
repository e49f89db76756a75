/**
 * The staff forms of the dashboard: a figure for an indicator, a key task's status. Parse and
 * validate; error values are message codes (src/lib/form-errors.ts).
 */
import { z } from 'zod';
import * as files from '../files';
import { one, parseForm } from '../forms';
import type { ValueInput, TaskStatus } from './service';
import { TASK_STATUSES } from './service';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DAY_RE.test(s) && !Number.isNaN(Date.parse(s));

export const VALUE_FIELDS = [
	'value',
	'valueText',
	'achieved',
	'asOf',
	'periodFrom',
	'periodTo',
	'source',
	'document',
	'correctionReason'
] as const;

/** "37.5", "37.5%", "1,234.5", "１２" (full-width digits typed on a Chinese keyboard) → number */
export function parseNumber(raw: string): number | null | 'bad' {
	const s = raw.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s%％]/g, '');
	if (!s) return null;
	if (!/^-?\d+(\.\d+)?$/.test(s)) return 'bad';
	return Number(s);
}

export async function parseValueForm(
	form: FormData,
	qualitative: boolean,
	today: string
): Promise<
	{ ok: true; input: ValueInput } | { ok: false; values: Record<string, string>; errors: Record<string, string> }
> {
	const values = Object.fromEntries(
		VALUE_FIELDS.filter((k) => k !== 'document').map((k) => [k, String(form.get(k) ?? '').trim()])
	);
	values.correctsId = String(form.get('correctsId') ?? '');
	const errors: Record<string, string> = {};
	const n = parseNumber(values.value);
	if (n === 'bad') errors.value = 'number';
	else if (!qualitative && n === null) errors.value = 'required';
	if (qualitative && !values.valueText) errors.valueText = 'required';
	if (values.valueText.length > 500) errors.valueText = 'too_long';
	if (!isDay(values.asOf) || values.asOf > today) errors.asOf = 'bad_date';
	for (const k of ['periodFrom', 'periodTo'] as const) if (values[k] && !isDay(values[k])) errors[k] = 'bad_date';
	if (
		!errors.periodFrom &&
		!errors.periodTo &&
		values.periodFrom &&
		values.periodTo &&
		values.periodFrom > values.periodTo
	)
		errors.periodTo = 'bad_period';
	if (!values.source) errors.source = 'required';
	else if (values.source.length > 300) errors.source = 'too_long';
	const correctsId = values.correctsId ? Number(values.correctsId) : null;
	if (correctsId !== null && (!Number.isInteger(correctsId) || correctsId <= 0)) errors.correctionReason = 'required';
	if (correctsId !== null && !values.correctionReason) errors.correctionReason = 'required';
	if (values.correctionReason.length > 300) errors.correctionReason = 'too_long';
	let document: files.PreparedFile | null = null;
	const upload = form.get('document');
	if (!Object.keys(errors).length && upload instanceof File && upload.size > 0) {
		const p = await files.prepare({ bytes: new Uint8Array(await upload.arrayBuffer()), name: upload.name }, 'document');
		if (!p.ok) errors.document = `doc_${p.error}`;
		else document = p.file;
	}
	if (Object.keys(errors).length) return { ok: false, values, errors };
	return {
		ok: true,
		input: {
			value: n === 'bad' ? null : n,
			valueText: values.valueText || null,
			achieved: qualitative ? form.get('achieved') === 'on' || form.get('achieved') === '1' : null,
			asOf: values.asOf,
			periodFrom: values.periodFrom || null,
			periodTo: values.periodTo || null,
			source: values.source,
			correctsId,
			correctionReason: correctsId !== null ? values.correctionReason : null,
			document
		}
	};
}

/** A key task's status on a day no later than today. */
export const taskForm = (today: string) =>
	z.object({
		status: one(z.enum(TASK_STATUSES, { error: 'choose' })),
		note: one(z.string().trim().min(1, 'required').max(500, 'too_long')),
		day: one(
			z
				.string()
				.refine(isDay, 'bad_date')
				.refine((d) => d <= today, 'bad_date')
		)
	});
export const TASK_FIELDS = ['status', 'note', 'day'] as const;

export function parseTaskForm(
	form: FormData,
	today: string
):
	| { ok: true; input: { status: TaskStatus; note: string; day: string } }
	| { ok: false; values: Record<string, string>; errors: Record<string, string> } {
	const f = parseForm(taskForm(today), form, TASK_FIELDS);
	if (f.ok) return { ok: true, input: f.data };
	const values = Object.fromEntries(TASK_FIELDS.map((k) => [k, String([f.values[k]].flat()[0] ?? '')]));
	return { ok: false, values, errors: f.errors };
}
