/**
 * The public survey forms. A page's answers are named after its questions and checked by the
 * service against the survey's definition and the answers so far (skip logic), so the schema
 * here reads only the fixed fields and hands the answers over as sent.
 */
import { z } from 'zod';
import { checked, one, text } from '../forms';
import {
	DEFAULT_LIKERT,
	QUESTION_TYPES,
	type Definition,
	type Option,
	type Question,
	type QuestionType
} from './definition';

/** Consent (and an invitation code when the survey is by invitation). */
export const startForm = z.object({ consent: checked('yes'), invite: text().transform((v) => v.slice(0, 40)) });

/** A page of answers, going on or back. */
export const pageForm = z.object({
	dir: one(z.string()).transform((v): 'next' | 'back' => (v === 'back' ? 'back' : 'next'))
});

// ---------- staff ----------

export const NEW_SURVEY_FIELDS = ['slug', 'titleZh', 'titleEn', 'collectorZh', 'collectorEn', 'contact'] as const;
const short = () => text().transform((v) => v.slice(0, 200));

/** A new survey: its address, titles and collector (the service checks each), blank or from the perception template. */
export const newSurveyForm = z.object({
	slug: short(),
	titleZh: short(),
	titleEn: short(),
	collectorZh: short(),
	collectorEn: short(),
	contact: short(),
	template: checked('perception')
});

/** Population by town code: blank keeps the figure; otherwise a whole number up to 5,000,000 (spaces and commas ignored). */
export const populationForm = (towns: readonly string[]) =>
	z.object(
		Object.fromEntries(
			towns.map((t) => [
				t,
				text()
					.transform((v) => v.replace(/[\s,]/g, ''))
					.refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) <= 5_000_000), 'number')
					.transform((v) => (v === '' ? null : Number(v)))
			])
		)
	);

/** Exclude a flagged response from the figures (with a reason) or count it again. */
export const responseReviewForm = z.object({
	response: text(),
	action: one(z.string()).transform((v): 'include' | 'exclude' => (v === 'include' ? 'include' : 'exclude')),
	reason: text()
});

/** Paper responses as CSV text (a file upload is read separately). */
export const importCsvForm = z.object({ csv: text() });

/** A step of the survey's workflow (the service checks it). */
export const surveyTransitionForm = z.object({ action: text() });

/** How results are weighted: a weight per respondent group (`w_<group>`, a decimal comma allowed). */
export const settingsForm = (groups: readonly string[]) =>
	z.object({
		basic: checked('yes'),
		...Object.fromEntries(
			groups.map((g) => [
				`w_${g}`,
				text()
					.transform((v) => Number((v || '0').replace(',', '.')))
					.refine((w) => Number.isFinite(w) && w >= 0, 'number')
			])
		)
	});

/** How many invitation codes to make: 1 to 2000. */
export const invitesForm = z.object({
	count: text()
		.transform(Number)
		.refine((n) => Number.isInteger(n) && n >= 1 && n <= 2000, 'number')
});

/** A question named by code, moved up or down. */
export const questionForm = z.object({
	code: text(),
	dir: one(z.string()).transform((v): 'up' | 'down' => (v === 'down' ? 'down' : 'up'))
});

/** A question's wording in both languages. */
export const wordingForm = z.object({
	code: text(),
	zh: text().transform((v) => v.slice(0, 4000)),
	en: text().transform((v) => v.slice(0, 4000))
});

/** A new question as typed (the builder turns options and skip logic into the definition). */
export const QUESTION_FIELDS = [
	'section',
	'sectionCode',
	'sectionZh',
	'sectionEn',
	'code',
	'type',
	'zh',
	'en',
	'options',
	'rows',
	'showIfQuestion',
	'showIfAnswers',
	'attention'
] as const;
const long = () => text().transform((v) => v.slice(0, 4000));
export const newQuestionForm = z.object({
	...(Object.fromEntries(QUESTION_FIELDS.map((k) => [k, long()])) as Record<
		(typeof QUESTION_FIELDS)[number],
		ReturnType<typeof long>
	>),
	required: checked('yes')
});

/** "code|中文|English" per line; null when a line lacks one of the three. */
export function parseOptions(text: string): Option[] | null {
	const lines = text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	const out: Option[] = [];
	for (const l of lines) {
		const [code, zh, en] = l.split('|').map((x) => (x ?? '').trim());
		if (!code || !zh || !en) return null;
		out.push({ code, zh, en });
	}
	return out;
}

export type NewQuestion = z.output<typeof newQuestionForm>;

/**
 * The builder's "add a question" form turned into the definition's terms: the section (an existing
 * one, or a new one named in the form), and the question with its options, rows and skip logic.
 * Problems are message keys; the service checks the rest (codes unique, skip logic pointing back).
 */
export function questionFrom(
	definition: Definition,
	v: NewQuestion
):
	| { ok: true; section: { code: string; zh: string; en: string }; question: Question }
	| { ok: false; problems: string[] } {
	const type = (QUESTION_TYPES as readonly string[]).includes(v.type) ? (v.type as QuestionType) : null;
	const problems: string[] = [];
	if (!type) problems.push('bad_type');
	const choice = type === 'single' || type === 'multiple' || type === 'likert' || type === 'matrix';
	let options = choice ? parseOptions(v.options) : [];
	if (options === null) problems.push('bad_option_lines');
	if (type === 'likert' && options && options.length === 0) options = DEFAULT_LIKERT;
	const rows = type === 'matrix' ? parseOptions(v.rows) : [];
	if (rows === null) problems.push('bad_option_lines');
	const existing = v.section ? definition.sections.find((x) => x.code === v.section) : null;
	const section = existing
		? { code: existing.code, zh: existing.zh, en: existing.en }
		: { code: v.sectionCode.trim(), zh: v.sectionZh.trim(), en: v.sectionEn.trim() };
	if (!existing && (!section.code || !section.zh || !section.en)) problems.push('section_missing');
	if (problems.length) return { ok: false, problems };
	return {
		ok: true,
		section,
		question: {
			code: v.code.trim(),
			type: type!,
			zh: v.zh.trim(),
			en: v.en.trim(),
			required: v.required,
			...(choice ? { options: options! } : {}),
			...(type === 'matrix' ? { rows: rows! } : {}),
			showIf: v.showIfQuestion
				? {
						question: v.showIfQuestion,
						anyOf: v.showIfAnswers
							.split(/[,;，\s]+/)
							.map((x) => x.trim())
							.filter(Boolean)
					}
				: null,
			attention: v.attention.trim() || null
		}
	};
}
