/**
 * Surveys: staff create them (from the perception template or blank), build questions while in
 * draft, move them through the lifecycle table; respondents consent, answer one section per page
 * (saved server-side, resumable for 7 days by a cookie token) and finish. One response per person:
 * single-use invitation codes, a device token, per-address flags that never refuse anyone.
 */
import { and, asc, desc, eq, isNotNull, lt, ne } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { DB, Executor } from '../db';
import { surveys, surveyResponses, surveyInvites, surveyPopulation, type SurveyStatus } from './schema';
import * as audit from '../audit';
import * as rateLimit from '../rate-limit';
import { config } from '../config';
import { now, nowMs } from '../clock';
import { workflow, editable } from './workflow';
import { transition as transitionTo, isConflict } from '../workflow';

const STORE = { table: surveys, id: surveys.id, status: surveys.status };
import {
	type Answers,
	type AnswerError,
	type Definition,
	type Question,
	allQuestions,
	checkDefinition,
	checkSection,
	pruneHidden,
	readSection,
	visible
} from './definition';
import {
	PERCEPTION,
	perceptionDefinition,
	perceptionMapping,
	DEFAULT_GROUP_WEIGHTS,
	SAMPLE_POPULATION
} from './template';
import { straightLined } from './stats';
import { RESPONDENT_GROUPS, TOWNS } from '../reference';

export type Survey = typeof surveys.$inferSelect;
export type Response = typeof surveyResponses.$inferSelect;

export const RESUME_DAYS = 7;
const DAY = 86400000;
export const SLUG_RE = /^[a-z0-9][a-z0-9-]{2,59}$/;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function randomToken(bytes = 32): string {
	const b = new Uint8Array(bytes);
	crypto.getRandomValues(b);
	return Buffer.from(b).toString('base64url');
}

/** 10 characters of Crockford's base32 (no I, L, O, U): 50 bits. */
const INVITE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newInviteCode(): string {
	const b = new Uint8Array(10);
	crypto.getRandomValues(b);
	return [...b].map((x) => INVITE_ALPHABET[x & 31]).join('');
}
export const normaliseInvite = (c: string) =>
	c.trim().toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

// ---------- reads ----------

export function bySlug(db: Executor, slug: string): Survey | undefined {
	return db.select().from(surveys).where(eq(surveys.slug, slug)).get();
}
export function byId(db: Executor, id: number): Survey | undefined {
	return db.select().from(surveys).where(eq(surveys.id, id)).get();
}
export function listAll(db: Executor): Survey[] {
	return db.select().from(surveys).orderBy(desc(surveys.createdAt)).all();
}

/** Currently open surveys (for /surveys and the home page). */
export function openSurveys(db: Executor): { slug: string; titleZh: string; titleEn: string }[] {
	return db
		.select({ slug: surveys.slug, titleZh: surveys.titleZh, titleEn: surveys.titleEn })
		.from(surveys)
		.where(eq(surveys.status, 'open'))
		.orderBy(desc(surveys.openedAt))
		.all();
}

/** The current perception survey: the most recently opened one built from the template. */
export function currentPerception(db: Executor): Survey | undefined {
	return db
		.select()
		.from(surveys)
		.where(and(eq(surveys.template, PERCEPTION), isNotNull(surveys.openedAt)))
		.orderBy(desc(surveys.openedAt), desc(surveys.id))
		.get();
}

// ---------- staff: create, build, lifecycle ----------

export interface NewSurvey {
	slug: string;
	titleZh: string;
	titleEn: string;
	collectorZh: string;
	collectorEn: string;
	contact: string;
	template: boolean;
}
export type CreateError = 'slug_invalid' | 'slug_taken' | 'title_missing' | 'collector_missing' | 'contact_missing';

export function create(
	db: DB,
	actorId: string,
	v: NewSurvey
): { ok: true; id: number } | { ok: false; errors: Partial<Record<keyof NewSurvey, CreateError>> } {
	const errors: Partial<Record<keyof NewSurvey, CreateError>> = {};
	const slug = v.slug.trim().toLowerCase();
	if (!SLUG_RE.test(slug)) errors.slug = 'slug_invalid';
	else if (bySlug(db, slug)) errors.slug = 'slug_taken';
	if (!v.titleZh.trim()) errors.titleZh = 'title_missing';
	if (!v.titleEn.trim()) errors.titleEn = 'title_missing';
	if (!v.collectorZh.trim()) errors.collectorZh = 'collector_missing';
	if (!v.collectorEn.trim()) errors.collectorEn = 'collector_missing';
	if (!v.contact.trim()) errors.contact = 'contact_missing';
	if (Object.keys(errors).length) return { ok: false, errors };
	return db.transaction((tx) => {
		const row = tx
			.insert(surveys)
			.values({
				slug,
				titleZh: v.titleZh.trim(),
				titleEn: v.titleEn.trim(),
				template: v.template ? PERCEPTION : null,
				status: 'draft',
				definition: v.template ? perceptionDefinition() : { sections: [] },
				mapping: v.template ? perceptionMapping() : null,
				satisfactionCountsBasic: false,
				groupWeights: DEFAULT_GROUP_WEIGHTS,
				collectorZh: v.collectorZh.trim(),
				collectorEn: v.collectorEn.trim(),
				contact: v.contact.trim(),
				createdAt: now()
			})
			.returning({ id: surveys.id })
			.get();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'survey.create',
			subject: { type: 'survey', id: String(row.id) },
			to: 'draft',
			after: { slug, template: v.template }
		});
		return { ok: true as const, id: row.id };
	});
}

export type TransitionError = 'not_found' | 'not_allowed' | 'definition_invalid' | 'conflict';

export function transition(
	db: DB,
	actorId: string,
	id: number,
	action: string
): { ok: true; status: SurveyStatus } | { ok: false; error: TransitionError } {
	const s = byId(db, id);
	if (!s) return { ok: false, error: 'not_found' };
	const checked = workflow.check(action, s.status, 'staff', {
		valid_definition: () => checkDefinition(s.definition).length === 0 && allQuestions(s.definition).length > 0
	});
	if (!checked.ok) return { ok: false, error: checked.error === 'illegal' ? 'not_allowed' : 'definition_invalid' };
	const to = workflow.steps[checked.action].to;
	const t = now();
	try {
		db.transaction((tx) =>
			transitionTo(tx, workflow, STORE, {
				action: checked.action,
				key: id,
				from: s.status,
				set: {
					...(to === 'open' ? { openedAt: t, closedAt: null } : {}),
					...(to === 'closed' ? { closedAt: t } : {})
				},
				actor: { type: 'user', id: actorId }
			})
		);
	} catch (e) {
		if (isConflict(e)) return { ok: false, error: 'conflict' };
		throw e;
	}
	return { ok: true, status: to };
}

/** Replace the definition (draft only); returns the problems found, or none. */
export function setDefinition(
	db: DB,
	actorId: string,
	id: number,
	def: Definition
): { ok: true } | { ok: false; problems: string[] } {
	return db.transaction((tx) => {
		const s = byId(tx, id);
		if (!s) return { ok: false as const, problems: ['not_found'] };
		if (!editable(s.status)) return { ok: false as const, problems: ['not_editable'] };
		const problems = checkDefinition(def);
		if (problems.length) return { ok: false as const, problems };
		tx.update(surveys).set({ definition: def }).where(eq(surveys.id, id)).run();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'survey.edit',
			subject: { type: 'survey', id: String(id) },
			before: s.definition,
			after: def
		});
		return { ok: true as const };
	});
}

export function addQuestion(
	db: DB,
	actorId: string,
	id: number,
	section: { code: string; zh: string; en: string },
	q: Question
) {
	const s = byId(db, id);
	if (!s) return { ok: false as const, problems: ['not_found'] };
	const def: Definition = structuredClone(s.definition);
	let sec = def.sections.find((x) => x.code === section.code);
	if (!sec) {
		sec = { code: section.code, zh: section.zh || section.code, en: section.en || section.code, questions: [] };
		def.sections.push(sec);
	}
	sec.questions.push(q);
	return setDefinition(db, actorId, id, def);
}

export function removeQuestion(db: DB, actorId: string, id: number, code: string) {
	const s = byId(db, id);
	if (!s) return { ok: false as const, problems: ['not_found'] };
	const def: Definition = structuredClone(s.definition);
	for (const sec of def.sections) sec.questions = sec.questions.filter((q) => q.code !== code);
	def.sections = def.sections.filter((sec) => sec.questions.length);
	return setDefinition(db, actorId, id, def);
}

/** The satisfaction switch and the group weights of indicator 55 (audited; stated on every report). */
export function setSettings(
	db: DB,
	actorId: string,
	id: number,
	v: { satisfactionCountsBasic: boolean; groupWeights: Record<string, number> }
): boolean {
	const weights = Object.fromEntries(
		RESPONDENT_GROUPS.map((g) => [g.code, Math.max(0, Number(v.groupWeights[g.code]) || 0)])
	);
	if (Object.values(weights).reduce((a, b) => a + b, 0) <= 0) return false;
	return db.transaction((tx) => {
		const s = byId(tx, id);
		if (!s) return false;
		tx.update(surveys)
			.set({ satisfactionCountsBasic: v.satisfactionCountsBasic, groupWeights: weights })
			.where(eq(surveys.id, id))
			.run();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'survey.settings',
			subject: { type: 'survey', id: String(id) },
			before: { satisfactionCountsBasic: s.satisfactionCountsBasic, groupWeights: s.groupWeights },
			after: { satisfactionCountsBasic: v.satisfactionCountsBasic, groupWeights: weights }
		});
		return true;
	});
}

/** Generate single-use invitation codes; the codes are returned once and only their hashes kept. */
export function generateInvites(db: DB, actorId: string, id: number, count: number): string[] {
	const n = Math.max(1, Math.min(2000, Math.floor(count)));
	return db.transaction((tx) => {
		const out: string[] = [];
		const t = now();
		while (out.length < n) {
			const code = newInviteCode();
			const r = tx
				.insert(surveyInvites)
				.values({ surveyId: id, codeHash: sha256(code), createdAt: t })
				.onConflictDoNothing()
				.run();
			if (r.changes) out.push(code);
		}
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'survey.invites',
			subject: { type: 'survey', id: String(id) },
			note: String(n)
		});
		return out;
	});
}

export function inviteCounts(db: Executor, id: number): { total: number; used: number } {
	const rows = db
		.select({ usedAt: surveyInvites.usedAt })
		.from(surveyInvites)
		.where(eq(surveyInvites.surveyId, id))
		.all();
	return { total: rows.length, used: rows.filter((r) => r.usedAt).length };
}

// ---------- population table ----------

export interface PopulationRow {
	town: string;
	zh: string;
	en: string;
	population: number;
	isSample: boolean;
}

/** Town populations for weighting; towns nobody has entered yet show the shipped SAMPLE figure. */
export function populationTable(db: Executor): PopulationRow[] {
	const stored = new Map(
		db
			.select()
			.from(surveyPopulation)
			.all()
			.map((r) => [r.townCode, r])
	);
	return TOWNS.map((t) => {
		const r = stored.get(t.code);
		return {
			town: t.code,
			zh: t.zh,
			en: t.en,
			population: r ? r.population : (SAMPLE_POPULATION[t.code] ?? 0),
			isSample: r ? r.isSample : true
		};
	});
}

/**
 * The towns whose submitted figure differs from the one the form showed. A sample figure sent back
 * unchanged stays a sample: saving the form after editing one town does not pass the other towns'
 * sample figures off as entered ones.
 */
export function changedPopulation(table: PopulationRow[], submitted: Record<string, number | null>) {
	const values: Record<string, number> = {};
	for (const r of table) {
		const n = submitted[r.town];
		if (n !== null && n !== undefined && n !== r.population) values[r.town] = n;
	}
	return values;
}

export function setPopulation(db: DB, actorId: string, values: Record<string, number>): boolean {
	const towns = new Set(TOWNS.map((t) => t.code));
	if (Object.entries(values).some(([k, v]) => !towns.has(k) || !Number.isInteger(v) || v < 0 || v > 5_000_000))
		return false;
	return db.transaction((tx) => {
		const before = populationTable(tx);
		const t = now();
		for (const [town, population] of Object.entries(values)) {
			tx.insert(surveyPopulation)
				.values({ townCode: town, population, isSample: false, updatedAt: t })
				.onConflictDoUpdate({ target: surveyPopulation.townCode, set: { population, isSample: false, updatedAt: t } })
				.run();
		}
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'survey.population',
			subject: { type: 'survey_population', id: 'all' },
			before: Object.fromEntries(before.map((r) => [r.town, r.population])),
			after: values
		});
		return true;
	});
}

// ---------- respondents ----------

export type StartError = 'not_open' | 'consent_missing' | 'invite_unknown' | 'invite_used';

/**
 * After consent: create the response (nothing is stored before this). An invitation code, when
 * given, must be unused and is used up here. The address is counted only to flag, never to refuse.
 */
export function start(
	db: DB,
	slug: string,
	v: { consent: boolean; invite?: string | null; deviceToken?: string | null; ip: string; locale: string }
): { ok: true; token: string; deviceToken: string } | { ok: false; error: StartError } {
	const s = bySlug(db, slug);
	if (!s || s.status !== 'open') return { ok: false, error: 'not_open' };
	if (!v.consent) return { ok: false, error: 'consent_missing' };
	return db.transaction((tx) => {
		let inviteId: number | null = null;
		const code = v.invite ? normaliseInvite(v.invite) : '';
		if (code) {
			const inv = tx
				.select()
				.from(surveyInvites)
				.where(and(eq(surveyInvites.surveyId, s.id), eq(surveyInvites.codeHash, sha256(code))))
				.get();
			if (!inv) return { ok: false as const, error: 'invite_unknown' as const };
			if (inv.usedAt) return { ok: false as const, error: 'invite_used' as const };
			tx.update(surveyInvites).set({ usedAt: now() }).where(eq(surveyInvites.id, inv.id)).run();
			inviteId = inv.id;
		}
		const flags: string[] = [];
		if (!rateLimit.hit(tx, `survey:ip:${v.ip}`, config.limitSurveyIp).ok) flags.push('ip_burst');
		const token = randomToken();
		const deviceToken = v.deviceToken && /^[A-Za-z0-9_-]{20,64}$/.test(v.deviceToken) ? v.deviceToken : randomToken(18);
		tx.insert(surveyResponses)
			.values({
				surveyId: s.id,
				publicId: randomToken(9),
				tokenHash: sha256(token),
				deviceHash: sha256(deviceToken),
				inviteId,
				source: 'web',
				status: 'in_progress',
				page: 0,
				answers: {},
				flags,
				locale: v.locale,
				startedAt: now(),
				expiresAt: new Date(nowMs() + RESUME_DAYS * DAY)
			})
			.run();
		return { ok: true as const, token, deviceToken };
	});
}

/** The respondent's response for this survey, if the token is valid and not expired. */
export function resume(db: Executor, survey: Survey, token: string | undefined | null): Response | null {
	if (!token) return null;
	const r = db
		.select()
		.from(surveyResponses)
		.where(and(eq(surveyResponses.tokenHash, sha256(token)), eq(surveyResponses.surveyId, survey.id)))
		.get();
	if (!r) return null;
	if (r.status === 'in_progress' && r.expiresAt && r.expiresAt.getTime() < nowMs()) return null;
	return r;
}

/** Quality flags known when a response is finished (speed is judged later, against the median). */
export function completionFlags(def: Definition, answers: Answers): string[] {
	const flags: string[] = [];
	for (const q of allQuestions(def)) {
		if (!visible(def, q, answers)) continue;
		if (q.attention && answers[q.code] != null && answers[q.code] !== q.attention) flags.push('attention');
		if (
			q.type === 'matrix' &&
			straightLined(
				(q.rows ?? []).map((r) => answers[`${q.code}.${r.code}`] as string | undefined),
				(q.rows ?? []).some((r) => r.reversed)
			)
		)
			flags.push('straightline');
	}
	return [...new Set(flags)];
}

export type SaveResult =
	| { ok: true; done: boolean; page: number }
	| { ok: false; error: 'expired' | 'not_open' }
	| { ok: false; error: 'invalid'; errors: Record<string, AnswerError>; values: Answers };

/** Save one page (section) of answers; `next` checks it and moves on (finishing after the last), `back` keeps what was typed. */
export function savePage(
	db: DB,
	survey: Survey,
	token: string | undefined | null,
	get: (name: string) => string[],
	dir: 'next' | 'back'
): SaveResult {
	if (survey.status !== 'open') return { ok: false, error: 'not_open' };
	return db.transaction((tx) => {
		const r = resume(tx, survey, token);
		if (!r || r.status !== 'in_progress') return { ok: false as const, error: 'expired' as const };
		const def = survey.definition;
		const sec = def.sections[Math.min(r.page, def.sections.length - 1)];
		const given = readSection(sec, get);
		// replace this section's answers with what was sent
		const answers: Answers = { ...r.answers };
		for (const q of sec.questions)
			for (const k of Object.keys(answers)) if (k === q.code || k.startsWith(q.code + '.')) delete answers[k];
		Object.assign(answers, given);
		const expiresAt = new Date(nowMs() + RESUME_DAYS * DAY);
		if (dir === 'back') {
			tx.update(surveyResponses)
				.set({ answers, page: Math.max(0, r.page - 1), expiresAt })
				.where(eq(surveyResponses.id, r.id))
				.run();
			return { ok: true as const, done: false, page: Math.max(0, r.page - 1) };
		}
		const errors = checkSection(def, sec, answers);
		// a refused page stores nothing (hostile or over-long values never reach the database); the
		// form is shown again with what was sent
		if (Object.keys(errors).length) return { ok: false as const, error: 'invalid' as const, errors, values: given };
		const last = r.page >= def.sections.length - 1;
		if (!last) {
			tx.update(surveyResponses)
				.set({ answers, page: r.page + 1, expiresAt })
				.where(eq(surveyResponses.id, r.id))
				.run();
			return { ok: true as const, done: false, page: r.page + 1 };
		}
		const final = pruneHidden(def, answers);
		const flags = [...r.flags, ...completionFlags(def, final)];
		if (r.deviceHash) {
			const other = tx
				.select({ id: surveyResponses.id })
				.from(surveyResponses)
				.where(
					and(
						eq(surveyResponses.surveyId, survey.id),
						eq(surveyResponses.deviceHash, r.deviceHash),
						eq(surveyResponses.status, 'complete'),
						ne(surveyResponses.id, r.id)
					)
				)
				.get();
			if (other) flags.push('device_repeat');
		}
		tx.update(surveyResponses)
			.set({ answers: final, status: 'complete', finishedAt: now(), expiresAt: null, flags: [...new Set(flags)] })
			.where(eq(surveyResponses.id, r.id))
			.run();
		return { ok: true as const, done: true, page: r.page };
	});
}

/**
 * Scheduled: delete unfinished responses whose 7 days have passed, and every response of a survey
 * closed longer ago than its retention period (as the consent notice promises).
 */
export function purgeExpired(db: Executor): number {
	let n = db
		.delete(surveyResponses)
		.where(and(eq(surveyResponses.status, 'in_progress'), lt(surveyResponses.expiresAt, new Date(nowMs()))))
		.run().changes;
	for (const s of db.select().from(surveys).where(isNotNull(surveys.closedAt)).all()) {
		if (s.status === 'open' || !s.closedAt || s.closedAt.getTime() + s.retentionDays * DAY > nowMs()) continue;
		n += db.delete(surveyResponses).where(eq(surveyResponses.surveyId, s.id)).run().changes;
	}
	return n;
}

/** Completed responses of a survey, oldest first. */
export function completed(db: Executor, surveyId: number): Response[] {
	return db
		.select()
		.from(surveyResponses)
		.where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.status, 'complete')))
		.orderBy(asc(surveyResponses.id))
		.all();
}
