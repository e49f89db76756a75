/**
 * The survey builder's finer edits: reordering questions (structure: only while the survey is a
 * draft, through setDefinition's checks) and rewording a question (text only: allowed while the
 * survey is open too, since codes, types, options and order — what answers are stored against —
 * do not change). Both audited.
 */
import { eq } from 'drizzle-orm';
import type { DB } from '../db';
import { surveys } from './schema';
import * as audit from '../audit';
import { byId, setDefinition } from './service';
import type { Definition } from './definition';

export const WORDING_MAX = 500;

/**
 * Moves a question one place up or down within its section.
 * Outcomes: ok; `not_found`; `not_editable` (not a draft); `edge` (already first/last);
 * or setDefinition's problems (e.g. a condition that would come before its question).
 */
export function moveQuestion(
	db: DB,
	actorId: string,
	id: number,
	code: string,
	dir: 'up' | 'down'
): { ok: true } | { ok: false; problems: string[] } {
	const s = byId(db, id);
	if (!s) return { ok: false, problems: ['not_found'] };
	const def: Definition = structuredClone(s.definition);
	const sec = def.sections.find((x) => x.questions.some((q) => q.code === code));
	if (!sec) return { ok: false, problems: ['not_found'] };
	const i = sec.questions.findIndex((q) => q.code === code);
	const j = dir === 'up' ? i - 1 : i + 1;
	if (j < 0 || j >= sec.questions.length) return { ok: false, problems: ['edge'] };
	[sec.questions[i], sec.questions[j]] = [sec.questions[j], sec.questions[i]];
	return setDefinition(db, actorId, id, def);
}

/**
 * Rewords one question in both languages. Draft, open or closed (not archived); nothing but the
 * two texts changes. Outcomes: ok; `not_found`; `archived`; `text_required`; `too_long`.
 */
export function setWording(
	db: DB,
	actorId: string,
	id: number,
	code: string,
	text: { zh: string; en: string }
): { ok: true } | { ok: false; problems: string[] } {
	const zh = text.zh.trim();
	const en = text.en.trim();
	if (!zh || !en) return { ok: false, problems: ['text_required'] };
	if (zh.length > WORDING_MAX || en.length > WORDING_MAX) return { ok: false, problems: ['too_long'] };
	return db.transaction((tx) => {
		const s = byId(tx, id);
		if (!s) return { ok: false as const, problems: ['not_found'] };
		if (s.status === 'archived') return { ok: false as const, problems: ['archived'] };
		const def: Definition = structuredClone(s.definition);
		const q = def.sections.flatMap((x) => x.questions).find((x) => x.code === code);
		if (!q) return { ok: false as const, problems: ['not_found'] };
		const before = { zh: q.zh, en: q.en };
		q.zh = zh;
		q.en = en;
		tx.update(surveys).set({ definition: def }).where(eq(surveys.id, id)).run();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'survey.wording',
			subject: { type: 'survey', id: String(id) },
			before: { code, ...before },
			after: { code, zh, en }
		});
		return { ok: true as const };
	});
}
