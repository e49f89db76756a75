/**
 * 无废细胞 criteria: the shape of a versioned criteria set and the pass rule. Browser-safe, so the
 * application page can show the self-score live with the same arithmetic the server uses.
 *
 * Kinds (after Green Key's imperative/guideline split and TRUE's prerequisites + points):
 * - `eligibility`: a "no" blocks applying (e.g. a serious environmental violation in 3 years);
 * - `mandatory`: must be met, not scored (中国绿色饭店's 基本要求);
 * - `scored`: points by `yesno`, `tiered` (one tier chosen) or `deduction` (points minus `per` for
 *   each shortcoming found, never below 0 — Shenzhen's 垃圾分类绿色单位 method);
 * - `bonus`: points, their sum capped at `bonusCap` (Shaoxing's 附加分).
 * Pass: every eligibility and mandatory item met AND scored + min(bonus, cap) ≥ threshold.
 */
export type CriterionKind = 'eligibility' | 'mandatory' | 'scored' | 'bonus';
export type ScoreMethod = 'yesno' | 'tiered' | 'deduction';
export type EvidenceKind = 'document' | 'photo' | 'data' | 'onsite';

export interface Text {
	zh: string;
	en: string;
}
export interface Criterion extends Text {
	id: string;
	section: string;
	kind: CriterionKind;
	/** what proves it */
	evidence: EvidenceKind;
	method?: ScoreMethod;
	/** yesno/bonus: points for "yes"; deduction: the maximum */
	points?: number;
	/** tiered: the choices, lowest first */
	tiers?: (Text & { points: number })[];
	/** deduction: points taken per shortcoming */
	per?: number;
}
export interface Section extends Text {
	id: string;
}
export interface Definition {
	sections: Section[];
	criteria: Criterion[];
	threshold: number;
	bonusCap: number;
	validityMonths: number;
	/** written by the site's team from the plan and published schemes, awaiting the department's confirmation */
	draft?: boolean;
	note?: Text;
}

/** Answer values are strings as forms send them: 'yes' | 'no', a tier index, a shortcoming count. */
export type Answers = Record<string, string | null | undefined>;

const round = (n: number) => Math.round(n * 100) / 100;

/** Points one criterion earns for a value; null when unanswered or not a points item. */
export function points(c: Criterion, value: string | null | undefined): number | null {
	if (value == null || value === '') return null;
	if (c.kind === 'eligibility' || c.kind === 'mandatory') return null;
	if (c.kind === 'bonus' || c.method === 'yesno' || !c.method)
		return value === 'yes' ? (c.points ?? 0) : value === 'no' ? 0 : null;
	if (c.method === 'tiered') {
		const t = c.tiers?.[Number(value)];
		return /^\d+$/.test(value) && t ? t.points : null;
	}
	// deduction
	if (!/^\d+$/.test(value)) return null;
	return Math.max(0, (c.points ?? 0) - Number(value) * (c.per ?? 1));
}

/** The most a criterion can earn. */
export function maxPoints(c: Criterion): number {
	if (c.kind === 'eligibility' || c.kind === 'mandatory') return 0;
	if (c.method === 'tiered') return Math.max(0, ...(c.tiers ?? []).map((t) => t.points));
	return c.points ?? 0;
}

/** Whether a value is a well-formed answer for the criterion. */
export function validValue(c: Criterion, value: string): boolean {
	if (c.kind === 'eligibility' || c.kind === 'mandatory' || c.kind === 'bonus' || c.method === 'yesno' || !c.method)
		return value === 'yes' || value === 'no';
	if (c.method === 'tiered') return /^\d+$/.test(value) && Number(value) < (c.tiers?.length ?? 0);
	return /^\d{1,3}$/.test(value);
}

export interface Result {
	scored: number;
	bonus: number;
	bonusCounted: number;
	total: number;
	/** every eligibility item answered "yes" */
	eligible: boolean;
	/** an eligibility item answered "no": applying is blocked */
	blocked: boolean;
	mandatoryMet: boolean;
	unanswered: string[];
	passed: boolean;
}

export function evaluate(def: Definition, answers: Answers): Result {
	let scored = 0;
	let bonus = 0;
	let eligible = true;
	let blocked = false;
	let mandatoryMet = true;
	const unanswered: string[] = [];
	for (const c of def.criteria) {
		const v = answers[c.id];
		if (v == null || v === '') unanswered.push(c.id);
		if (c.kind === 'eligibility') {
			if (v !== 'yes') eligible = false;
			if (v === 'no') blocked = true;
		} else if (c.kind === 'mandatory') {
			if (v !== 'yes') mandatoryMet = false;
		} else if (c.kind === 'bonus') bonus += points(c, v) ?? 0;
		else scored += points(c, v) ?? 0;
	}
	scored = round(scored);
	bonus = round(bonus);
	const bonusCounted = round(Math.min(bonus, def.bonusCap));
	const total = round(scored + bonusCounted);
	return {
		scored,
		bonus,
		bonusCounted,
		total,
		eligible,
		blocked,
		mandatoryMet,
		unanswered,
		passed: eligible && mandatoryMet && total >= def.threshold
	};
}

/** Evidence a criterion needs before submission: documents and photos need a file, data a note. */
export function needsFile(c: Criterion): boolean {
	return c.evidence === 'document' || c.evidence === 'photo';
}
