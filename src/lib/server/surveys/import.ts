/**
 * Results collected elsewhere (by the survey firm), imported from CSV by question and option codes:
 * UTF-8 with or without BOM, one row per respondent, one column per question code, multiple choice
 * as `;`-separated option codes, matrix rows as `code.row` columns, optional `started_at` /
 * `finished_at` (ISO 8601) for the speed flag. A dry run lists every row error; an import with any
 * error writes nothing.
 */
import Papa from 'papaparse';
import type { DB } from '../db';
import { surveyResponses } from './schema';
import * as audit from '../audit';
import { type Answers, type AnswerError, allQuestions, answerKeys, checkQuestion, visible } from './definition';
import { byId, completionFlags, type Survey } from './service';
import { randomBytes } from 'node:crypto';

export const MAX_ROWS = 20000;
export interface RowError {
	/** line in the file (the header is line 1) */
	line: number;
	column: string;
	error: AnswerError | 'bad_time';
	value: string;
}
export interface ImportPreview {
	fileError: 'empty' | 'unknown_columns' | 'too_many_rows' | 'not_open' | null;
	unknownColumns: string[];
	rows: number;
	errors: RowError[];
}

export function decode(bytes: Uint8Array): string {
	return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

const TIME_COLS = ['started_at', 'finished_at'];

function parseRows(
	survey: Survey,
	csv: string
): { preview: ImportPreview; answers: { answers: Answers; startedAt: Date | null; finishedAt: Date | null }[] } {
	const preview: ImportPreview = { fileError: null, unknownColumns: [], rows: 0, errors: [] };
	const out: { answers: Answers; startedAt: Date | null; finishedAt: Date | null }[] = [];
	if (survey.status !== 'open' && survey.status !== 'closed')
		return { preview: { ...preview, fileError: 'not_open' }, answers: out };
	const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: 'greedy',
		transformHeader: (h) => h.trim()
	});
	const header = parsed.meta.fields ?? [];
	if (!header.length || !parsed.data.length) return { preview: { ...preview, fileError: 'empty' }, answers: out };
	if (parsed.data.length > MAX_ROWS) return { preview: { ...preview, fileError: 'too_many_rows' }, answers: out };
	const def = survey.definition;
	const questions = allQuestions(def);
	const known = new Set([...questions.flatMap(answerKeys), ...TIME_COLS]);
	const unknown = header.filter((h) => !known.has(h));
	if (unknown.length)
		return { preview: { ...preview, fileError: 'unknown_columns', unknownColumns: unknown }, answers: out };
	parsed.data.forEach((row, i) => {
		const line = i + 2;
		const answers: Answers = {};
		for (const q of questions) {
			if (q.type === 'multiple') {
				const v = (row[q.code] ?? '').trim();
				if (v)
					answers[q.code] = [
						...new Set(
							v
								.split(';')
								.map((s) => s.trim())
								.filter(Boolean)
						)
					];
			} else
				for (const k of answerKeys(q)) {
					const v = (row[k] ?? '').trim();
					if (v) answers[k] = v;
				}
		}
		for (const q of questions) {
			if (!visible(def, q, answers)) continue;
			const e = checkQuestion(q, answers);
			if (e) {
				const col =
					q.type === 'matrix'
						? (answerKeys(q).find((k) => answers[k] == null || !(q.options ?? []).some((o) => o.code === answers[k])) ??
							q.code)
						: q.code;
				preview.errors.push({ line, column: col, error: e, value: String(row[col] ?? '') });
			}
		}
		const times: (Date | null)[] = TIME_COLS.map((c) => {
			const v = (row[c] ?? '').trim();
			if (!v) return null;
			const d = new Date(v);
			if (Number.isNaN(d.getTime())) {
				preview.errors.push({ line, column: c, error: 'bad_time', value: v });
				return null;
			}
			return d;
		});
		if (times[0] && times[1] && times[1] < times[0])
			preview.errors.push({ line, column: 'finished_at', error: 'bad_time', value: String(row.finished_at) });
		// answers to questions the skip logic hides are dropped
		const kept: Answers = {};
		for (const q of questions)
			if (visible(def, q, answers)) for (const k of answerKeys(q)) if (answers[k] != null) kept[k] = answers[k];
		out.push({ answers: kept, startedAt: times[0], finishedAt: times[1] });
	});
	preview.rows = parsed.data.length;
	return { preview, answers: out };
}

export function previewImport(db: DB, surveyId: number, csv: string): ImportPreview | null {
	const s = byId(db, surveyId);
	return s ? parseRows(s, csv).preview : null;
}

/** Import every row, or nothing when any row (or the file) has an error. */
export function commitImport(
	db: DB,
	actor: { type: 'user'; id: string } | { type: 'system' },
	surveyId: number,
	csv: string
): { ok: true; imported: number } | { ok: false; preview: ImportPreview | null } {
	const s = byId(db, surveyId);
	if (!s) return { ok: false, preview: null };
	const { preview, answers } = parseRows(s, csv);
	if (preview.fileError || preview.errors.length) return { ok: false, preview };
	return db.transaction((tx) => {
		for (const a of answers) {
			tx.insert(surveyResponses)
				.values({
					surveyId: s.id,
					publicId: randomBytes(9).toString('base64url'),
					tokenHash: null,
					deviceHash: null,
					inviteId: null,
					source: 'import',
					status: 'complete',
					page: 0,
					answers: a.answers,
					flags: completionFlags(s.definition, a.answers),
					locale: 'zh-CN',
					startedAt: a.startedAt,
					finishedAt: a.finishedAt,
					expiresAt: null
				})
				.run();
		}
		audit.record(tx, {
			actor,
			action: 'survey.import',
			subject: { type: 'survey', id: String(s.id) },
			note: String(answers.length)
		});
		return { ok: true as const, imported: answers.length };
	});
}
