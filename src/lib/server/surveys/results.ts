/**
 * Staff results: per-question tallies over completed responses (sample responses shown apart),
 * filtered by town and respondent group; CSV export with random respondent ids and no
 * identifiers (no address, device token, invitation code).
 */
import type { Executor } from '../db';
import { allQuestions, answerKeys, type Question } from './definition';
import { completed, type Survey } from './service';
import { flagsOf, EXCLUDING_FLAGS } from './indicators';
import { districtDay } from '../../time/zone';

export interface Tally {
	question: Question;
	answered: number;
	/** option code → count (choice, likert, rating 0–10) */
	options?: { code: string; zh: string; en: string; count: number }[];
	/** matrix: row → option counts */
	rows?: { code: string; zh: string; en: string; options: { code: string; count: number }[] }[];
	mean?: number | null;
}
export interface Filters {
	town?: string | null;
	group?: string | null;
	/** include responses with quality flags (default: left out, like the indicators) */
	flagged?: boolean;
}

export const townKey = (s: Survey) => s.mapping?.town ?? 'town';
export const groupKey = (s: Survey) => s.mapping?.group ?? 'group';

export function responsesFor(db: Executor, s: Survey, f: Filters) {
	const rs = completed(db, s.id).filter((r) => r.source !== 'sample');
	const flags = flagsOf(rs);
	return rs
		.map((r, i) => ({ ...r, flags: flags[i] }))
		.filter((r) => f.flagged || !r.flags.some((x) => (EXCLUDING_FLAGS as readonly string[]).includes(x)))
		.filter((r) => !f.town || r.answers[townKey(s)] === f.town)
		.filter((r) => !f.group || r.answers[groupKey(s)] === f.group);
}

export function tallies(db: Executor, s: Survey, f: Filters): { total: number; tallies: Tally[] } {
	const rs = responsesFor(db, s, f);
	const out = allQuestions(s.definition).map((q): Tally => {
		if (q.type === 'matrix') {
			const rows = (q.rows ?? []).map((row) => ({
				...row,
				options: (q.options ?? []).map((o) => ({
					code: o.code,
					count: rs.filter((r) => r.answers[`${q.code}.${row.code}`] === o.code).length
				}))
			}));
			return { question: q, answered: rs.filter((r) => answerKeys(q).some((k) => r.answers[k] != null)).length, rows };
		}
		const given = rs.map((r) => r.answers[q.code]).filter((a) => a != null && (!Array.isArray(a) || a.length));
		if (q.type === 'rating') {
			const nums = given.map(Number);
			return {
				question: q,
				answered: given.length,
				options: Array.from({ length: 11 }, (_, i) => ({
					code: String(i),
					zh: String(i),
					en: String(i),
					count: nums.filter((n) => n === i).length
				})),
				mean: nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null
			};
		}
		if (q.type === 'number') {
			const nums = given.map(Number);
			return {
				question: q,
				answered: given.length,
				mean: nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null
			};
		}
		if (q.options) {
			return {
				question: q,
				answered: given.length,
				options: q.options.map((o) => ({
					...o,
					count: given.filter((a) => (Array.isArray(a) ? a.includes(o.code) : a === o.code)).length
				}))
			};
		}
		return { question: q, answered: given.length };
	});
	return { total: rs.length, tallies: out };
}

function cell(v: string): string {
	// quote always; neutralise spreadsheet formulas
	const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
	return `"${safe.replace(/"/g, '""')}"`;
}

/** CSV (UTF-8 with BOM) in the import format, one row per respondent, random ids, no identifiers. */
export function exportCsv(db: Executor, s: Survey, f: Filters): string {
	const rs = responsesFor(db, s, { ...f, flagged: true });
	const keys = allQuestions(s.definition).flatMap(answerKeys);
	const header = ['respondent', 'source', 'finished_day', 'flags', ...keys];
	const lines = [header.map(cell).join(',')];
	for (const r of rs) {
		const vals = keys.map((k) => {
			const a = r.answers[k];
			return a == null ? '' : Array.isArray(a) ? a.join(';') : a;
		});
		lines.push(
			[r.publicId, r.source, r.finishedAt ? districtDay(r.finishedAt) : '', r.flags.join(';'), ...vals]
				.map(cell)
				.join(',')
		);
	}
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
