/**
 * What a survey is made of: sections of questions with stable codes, eight question types, zh/en
 * text everywhere, and simple skip logic (show B only if A has one of some answers). Pure
 * functions: which questions a respondent sees, reading a page's answers from a form, checking them.
 */

export const QUESTION_TYPES = [
	'single',
	'multiple',
	'likert',
	'matrix',
	'rating',
	'number',
	'text',
	'longtext'
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Option {
	code: string;
	zh: string;
	en: string;
	/** a matrix row worded the other way round: a careful respondent does not answer it like the rest */
	reversed?: boolean;
}
export interface Question {
	code: string;
	type: QuestionType;
	zh: string;
	en: string;
	required: boolean;
	/** choices (single, multiple, likert) or the scale of a matrix */
	options?: Option[];
	/** matrix rows */
	rows?: Option[];
	/** show only when question `question` has one of `anyOf` */
	showIf?: { question: string; anyOf: string[] } | null;
	/** attention check: the answer a careful respondent gives */
	attention?: string | null;
	min?: number | null;
	max?: number | null;
}
export interface Section {
	code: string;
	zh: string;
	en: string;
	questions: Question[];
}
export interface Definition {
	sections: Section[];
}
export interface IndicatorMapping {
	no: 54 | 55 | 56;
	question: string;
	/** answers that count (any of them, for multiple choice) */
	anyOf: string[];
	/** the 基本满意 option, counted only when the survey's switch is on */
	basic?: string;
}
export interface Mapping {
	indicators: IndicatorMapping[];
	town: string;
	group: string;
	ageBand: string;
}

export type Answers = Record<string, string | string[]>;
export type AnswerError = 'required' | 'invalid' | 'too_long';

export const CODE_RE = /^[a-z][a-z0-9_]{0,39}$/;
export const TEXT_MAX = 200;
export const LONGTEXT_MAX = 2000;

export const DEFAULT_LIKERT: Option[] = [
	{ code: '1', zh: '非常不同意', en: 'Strongly disagree' },
	{ code: '2', zh: '不同意', en: 'Disagree' },
	{ code: '3', zh: '一般', en: 'Neutral' },
	{ code: '4', zh: '同意', en: 'Agree' },
	{ code: '5', zh: '非常同意', en: 'Strongly agree' }
];

export function allQuestions(d: Definition): Question[] {
	return d.sections.flatMap((s) => s.questions);
}

export function findQuestion(d: Definition, code: string): Question | undefined {
	return allQuestions(d).find((q) => q.code === code);
}

function has(a: string | string[] | undefined, codes: string[]): boolean {
	if (a == null) return false;
	return Array.isArray(a) ? a.some((x) => codes.includes(x)) : codes.includes(a);
}

/** Whether `q` is shown given the answers so far (a hidden condition hides what depends on it). */
export function visible(d: Definition, q: Question, answers: Answers, depth = 0): boolean {
	if (!q.showIf) return true;
	const dep = findQuestion(d, q.showIf.question);
	if (!dep || depth > 20) return false;
	return visible(d, dep, answers, depth + 1) && has(answers[dep.code], q.showIf.anyOf);
}

/** The keys a question's answer is stored under (matrix rows as `code.row`). */
export function answerKeys(q: Question): string[] {
	return q.type === 'matrix' ? (q.rows ?? []).map((r) => `${q.code}.${r.code}`) : [q.code];
}

/** Read one section's answers from submitted form values (`get` returns all values of a name). */
export function readSection(section: Section, get: (name: string) => string[]): Answers {
	const out: Answers = {};
	for (const q of section.questions) {
		if (q.type === 'multiple') {
			const v = get(q.code)
				.map((s) => s.trim())
				.filter(Boolean);
			if (v.length) out[q.code] = [...new Set(v)];
		} else
			for (const k of answerKeys(q)) {
				const v = (get(k)[0] ?? '').trim();
				if (v) out[k] = v;
			}
	}
	return out;
}

/** Check one question's answer; returns the error or null. Hidden questions are never checked. */
export function checkQuestion(q: Question, answers: Answers): AnswerError | null {
	const codes = (q.options ?? []).map((o) => o.code);
	if (q.type === 'matrix') {
		const keys = answerKeys(q);
		const given = keys.filter((k) => answers[k] != null);
		if (given.some((k) => typeof answers[k] !== 'string' || !codes.includes(answers[k] as string))) return 'invalid';
		if (q.required && given.length < keys.length) return 'required';
		return null;
	}
	const a = answers[q.code];
	if (a == null || (Array.isArray(a) && a.length === 0)) return q.required ? 'required' : null;
	switch (q.type) {
		case 'single':
		case 'likert':
			return typeof a === 'string' && codes.includes(a) ? null : 'invalid';
		case 'multiple':
			return Array.isArray(a) && a.every((x) => codes.includes(x)) ? null : 'invalid';
		case 'rating': {
			if (typeof a !== 'string' || !/^(10|[0-9])$/.test(a)) return 'invalid';
			return null;
		}
		case 'number': {
			if (typeof a !== 'string' || !/^-?\d+(\.\d+)?$/.test(a)) return 'invalid';
			const n = Number(a);
			if ((q.min != null && n < q.min) || (q.max != null && n > q.max)) return 'invalid';
			return null;
		}
		case 'text':
		case 'longtext':
			if (typeof a !== 'string') return 'invalid';
			return a.length > (q.type === 'text' ? TEXT_MAX : LONGTEXT_MAX) ? 'too_long' : null;
	}
	return 'invalid';
}

/** Errors of one section, keyed by question code, given all answers so far (skip logic applied). */
export function checkSection(d: Definition, section: Section, answers: Answers): Record<string, AnswerError> {
	const errors: Record<string, AnswerError> = {};
	for (const q of section.questions) {
		if (!visible(d, q, answers)) continue;
		const e = checkQuestion(q, answers);
		if (e) errors[q.code] = e;
	}
	return errors;
}

/** Drop answers to questions the skip logic hides (so a changed earlier answer leaves nothing stale). */
export function pruneHidden(d: Definition, answers: Answers): Answers {
	const out: Answers = {};
	for (const q of allQuestions(d)) {
		if (!visible(d, q, answers)) continue;
		for (const k of answerKeys(q)) if (answers[k] != null) out[k] = answers[k];
	}
	return out;
}

/** Problems with a definition a staff member built (codes, options, skip logic), as message keys. */
export function checkDefinition(d: Definition): string[] {
	const problems: string[] = [];
	const seen = new Set<string>();
	const before: Question[] = [];
	if (!d.sections.length) problems.push('no_sections');
	for (const s of d.sections) {
		if (!CODE_RE.test(s.code)) problems.push(`bad_code:${s.code}`);
		for (const q of s.questions) {
			if (!CODE_RE.test(q.code)) problems.push(`bad_code:${q.code}`);
			if (seen.has(q.code)) problems.push(`duplicate_code:${q.code}`);
			seen.add(q.code);
			if (!q.zh.trim() || !q.en.trim()) problems.push(`missing_text:${q.code}`);
			if (['single', 'multiple', 'likert', 'matrix'].includes(q.type)) {
				const opts = q.options ?? [];
				if (opts.length < 2) problems.push(`few_options:${q.code}`);
				if (
					new Set(opts.map((o) => o.code)).size !== opts.length ||
					opts.some((o) => !/^[a-z0-9_]{1,40}$/.test(o.code))
				)
					problems.push(`bad_options:${q.code}`);
			}
			if (q.type === 'likert' && (q.options ?? []).length !== 5) problems.push(`likert_five:${q.code}`);
			if (q.type === 'matrix' && !(q.rows ?? []).length) problems.push(`no_rows:${q.code}`);
			if (q.showIf) {
				const dep = before.find((b) => b.code === q.showIf!.question);
				if (!dep || !dep.options?.length || q.showIf.anyOf.some((c) => !dep.options!.some((o) => o.code === c)))
					problems.push(`bad_skip:${q.code}`);
			}
			before.push(q);
		}
	}
	return problems;
}
