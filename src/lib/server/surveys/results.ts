/**
 * Staff results: per-question tallies over completed responses (sample responses shown apart),
 * filtered by town and respondent group; CSV export with random respondent ids and no
 * identifiers (no address, device token, invitation code).
 */
import type { Executor } from '../db';
import { allQuestions, answerKeys, type Question } from './definition';
import type { Survey } from './service';
import { classify, REVIEW_FLAGS } from './indicators';
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
	/** include excluded responses (failed attention check, excluded by staff); default: left out, like the indicators */
	flagged?: boolean;
}

export const townKey = (s: Survey) => s.mapping?.town ?? 'town';
export const groupKey = (s: Survey) => s.mapping?.group ?? 'group';

export function responsesFor(db: Executor, s: Survey, f: Filters) {
	return classify(db, s)
		.items.filter((c) => f.flagged || !c.excludedBy)
		.map((c) => ({ ...c.response, flags: c.excludedBy === 'staff' ? [...c.flags, 'excluded_by_staff'] : c.flags }))
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

export interface ReviewItem {
	publicId: string;
	flags: string[];
	finishedDay: string | null;
	durationMs: number | null;
	/** counted, or left out automatically (attention) or by staff */
	excludedBy: 'attention' | 'staff' | null;
	reason: string | null;
}

/**
 * Responses staff may want to look at: those with a review flag, a failed attention check, or a
 * staff exclusion, newest first, with the survey's quality counts.
 */
export function reviewList(db: Executor, s: Survey) {
	const { items, quality } = classify(db, s);
	const list: ReviewItem[] = items
		.filter((c) => c.excludedBy || c.review || c.flags.some((f) => (REVIEW_FLAGS as readonly string[]).includes(f)))
		.map((c) => ({
			publicId: c.response.publicId,
			flags: c.flags,
			finishedDay: c.response.finishedAt ? districtDay(c.response.finishedAt) : null,
			durationMs: c.durationMs,
			excludedBy: c.excludedBy,
			reason: c.review?.status === 'excluded' ? c.review.reason : null
		}))
		.reverse();
	return { list, quality };
}
