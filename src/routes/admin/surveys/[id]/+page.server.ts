import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import * as svc from '$lib/server/surveys/service';
import { actionsFrom, editable } from '$lib/server/surveys/workflow';
import { QUESTION_TYPES } from '$lib/server/surveys/definition';
import { getLocale } from '$lib/paraglide/runtime';
import { RESPONDENT_GROUPS } from '$lib/server/reference';
import * as builder from '$lib/server/surveys/builder';
import { shareUrl } from '$lib/server/surveys/share';
import { seeOther, seeOtherWith, doneOf, takeFlash } from '$lib/server/prg';
import { parseForm } from '$lib/server/forms';
import {
	invitesForm,
	newQuestionForm,
	QUESTION_FIELDS,
	questionForm,
	questionFrom,
	settingsForm,
	surveyTransitionForm,
	wordingForm
} from '$lib/server/surveys/forms';
import { nameIn } from '$lib/text';

function surveyOf(event: RequestEvent) {
	const id = Number(event.params.id);
	const s = Number.isInteger(id) ? svc.byId(getDb(), id) : undefined;
	if (!s) error(404, 'not found');
	return s;
}

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'surveys.manage');
	const s = surveyOf(event);
	const en = getLocale() === 'en';
	return {
		done: doneOf(event.url),
		// invitation codes are shown once, right after they were generated
		codes: takeFlash<string[]>(event),
		shareUrl: shareUrl(s.slug, en),
		survey: {
			id: s.id,
			slug: s.slug,
			title: en ? s.titleEn : s.titleZh,
			status: s.status,
			template: s.template,
			satisfactionCountsBasic: s.satisfactionCountsBasic,
			groupWeights: s.groupWeights,
			editable: editable(s.status),
			actions: actionsFrom(s.status),
			sections: s.definition.sections.map((sec) => ({
				code: sec.code,
				title: nameIn(sec, en),
				questions: sec.questions.map((q) => ({
					code: q.code,
					type: q.type,
					text: nameIn(q, en),
					zh: q.zh,
					en: q.en,
					required: q.required,
					options: (q.options ?? []).map((o) => o.code),
					rows: (q.rows ?? []).map((o) => o.code),
					showIf: q.showIf ?? null
				}))
			}))
		},
		groups: RESPONDENT_GROUPS.map((g) => ({ code: g.code })),
		invites: svc.inviteCounts(getDb(), s.id),
		types: QUESTION_TYPES
	};
};

export const actions: Actions = {
	transition: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const s = surveyOf(event);
		const f = parseForm(surveyTransitionForm, await event.request.formData(), ['action']);
		const r = svc.transition(getDb(), user.id, s.id, f.ok ? f.data.action : '');
		if (!r.ok) return fail(r.error === 'conflict' ? 409 : 400, { transitionError: r.error });
		seeOther(event, `status:${r.status}`);
	},
	settings: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const s = surveyOf(event);
		const groups = RESPONDENT_GROUPS.map((g) => g.code);
		const f = parseForm(settingsForm(groups), await event.request.formData());
		if (!f.ok) return fail(400, { settingsError: true });
		const data = f.data as Record<string, number | boolean>;
		const weights = Object.fromEntries(groups.map((g) => [g, data[`w_${g}`] as number]));
		const ok = svc.setSettings(getDb(), user.id, s.id, {
			satisfactionCountsBasic: f.data.basic,
			groupWeights: weights
		});
		if (!ok) return fail(400, { settingsError: true });
		seeOther(event, 'settings');
	},
	invites: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const s = surveyOf(event);
		const f = parseForm(invitesForm, await event.request.formData(), ['count']);
		if (!f.ok) return fail(400, { inviteError: true });
		seeOtherWith(event, 'invites', svc.generateInvites(getDb(), user.id, s.id, f.data.count));
	},
	remove: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const s = surveyOf(event);
		const f = parseForm(questionForm, await event.request.formData(), ['code']);
		const r = svc.removeQuestion(getDb(), user.id, s.id, f.ok ? f.data.code : '');
		if (!r.ok) return fail(400, { problems: r.problems });
		seeOther(event, 'removed');
	},
	add: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const s = surveyOf(event);
		const f = parseForm(newQuestionForm, await event.request.formData(), [...QUESTION_FIELDS, 'required']);
		if (!f.ok) return fail(400, { problems: ['bad_type'], values: f.values });
		const built = questionFrom(s.definition, f.data);
		if (!built.ok) return fail(400, { problems: built.problems, values: f.data });
		const r = svc.addQuestion(getDb(), user.id, s.id, built.section, built.question);
		if (!r.ok) return fail(400, { problems: r.problems, values: f.data });
		seeOther(event, `added:${built.question.code}`);
	},
	move: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const s = surveyOf(event);
		const f = parseForm(questionForm, await event.request.formData(), ['code', 'dir']);
		if (!f.ok) return fail(400, { problems: ['not_found'] });
		const r = builder.moveQuestion(getDb(), user.id, s.id, f.data.code, f.data.dir);
		if (!r.ok) return fail(400, { problems: r.problems });
		seeOther(event, 'moved');
	},
	/** the wording of one question, also while open: codes, types, options and order stay as they are */
	wording: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const s = surveyOf(event);
		const f = parseForm(wordingForm, await event.request.formData(), ['code', 'zh', 'en']);
		const { code, ...text } = f.ok ? f.data : { code: '', zh: '', en: '' };
		const r = builder.setWording(getDb(), user.id, s.id, code, text);
		if (!r.ok) return fail(400, { problems: r.problems, wording: { code, ...text } });
		seeOther(event, 'wording');
	}
};
