import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { requestIsSecure } from '$lib/server/http/scope';
import * as svc from '$lib/server/surveys/service';
import { visible } from '$lib/server/surveys/definition';
import { L, viewQuestion } from '$lib/server/surveys/view';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { pageForm, startForm } from '$lib/server/surveys/forms';

const DEVICE_COOKIE = 'miyun_device';
const cookieName = (slug: string) => `survey_${slug}`;

function survey(event: RequestEvent) {
	const s = svc.bySlug(getDb(), event.params.slug);
	if (!s || s.status === 'draft') error(404, 'not found');
	return s;
}

export const load: PageServerLoad = (event) => {
	const s = survey(event);
	const en = getLocale() === 'en';
	const token = event.cookies.get(cookieName(s.slug));
	const r = svc.resume(getDb(), s, token);
	const base = {
		slug: s.slug,
		title: en ? s.titleEn : s.titleZh,
		collector: en ? s.collectorEn : s.collectorZh,
		contact: s.contact,
		retentionDays: s.retentionDays,
		resumeDays: svc.RESUME_DAYS,
		perception: s.template === 'perception'
	};
	if (r?.status === 'complete') return { ...base, state: 'done' as const };
	if (s.status !== 'open') return { ...base, state: 'closed' as const };
	if (!r) return { ...base, state: 'consent' as const, expired: !!token };
	const def = s.definition;
	const page = Math.min(r.page, def.sections.length - 1);
	const section = def.sections[page];
	const sameSection = new Set(section.questions.map((q) => q.code));
	const questions = section.questions
		// skip logic: a question depending on an earlier page is shown only when it applies
		.filter((q) => !q.showIf || sameSection.has(q.showIf.question) || visible(def, q, r.answers))
		.map((q) => viewQuestion(def, section, q, en));
	return {
		...base,
		state: 'page' as const,
		page,
		pages: def.sections.length,
		sectionTitle: L(section, en),
		questions,
		answers: r.answers
	};
};

export const actions: Actions = {
	start: async (event) => {
		const s = survey(event);
		const f = parseForm(startForm, await event.request.formData(), ['consent', 'invite']);
		if (!f.ok) return fail(400, { startError: 'consent', invite: '' });
		const { consent, invite } = f.data;
		const r = svc.start(getDb(), s.slug, {
			consent,
			invite,
			deviceToken: event.cookies.get(DEVICE_COOKIE),
			ip: event.getClientAddress(),
			locale: getLocale()
		});
		if (!r.ok) return fail(r.error === 'not_open' ? 410 : 400, { startError: r.error, invite });
		const opts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: requestIsSecure() };
		event.cookies.set(cookieName(s.slug), r.token, { ...opts, maxAge: svc.RESUME_DAYS * 86400 });
		event.cookies.set(DEVICE_COOKIE, r.deviceToken, { ...opts, maxAge: 400 * 86400 });
		redirect(303, localizeHref(`/surveys/${s.slug}`));
	},
	page: async (event) => {
		const s = survey(event);
		// every field is kept: the answers are checked by the service against the survey's definition
		const f = parseForm(pageForm, await event.request.formData());
		if (!f.ok) return fail(400, { errors: {}, values: {} });
		const token = event.cookies.get(cookieName(s.slug));
		const answer = (name: string) => [f.values[name] ?? []].flat();
		const r = svc.savePage(getDb(), s, token, answer, f.data.dir);
		if (!r.ok && r.error === 'invalid') return fail(400, { errors: r.errors, values: r.values });
		if (r.ok && r.done)
			event.cookies.set(cookieName(s.slug), token!, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure: requestIsSecure(),
				maxAge: 400 * 86400
			});
		redirect(303, localizeHref(`/surveys/${s.slug}`) + (r.ok && !r.done ? '#survey-page' : ''));
	}
};
