import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import * as svc from '$lib/server/surveys/service';
import { sampleSize } from '$lib/server/surveys/stats';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { newSurveyForm, NEW_SURVEY_FIELDS } from '$lib/server/surveys/forms';

function num(v: string | null, min: number, max: number): number | null {
	if (v == null || v.trim() === '') return null;
	const n = Number(v.replace(',', '.'));
	return Number.isFinite(n) && n >= min && n <= max ? n : NaN;
}

export const load: PageServerLoad = (event) => {
	const user = requirePermission(event, 'surveys.manage');
	const en = getLocale() === 'en';
	const q = event.url.searchParams;
	let helper: {
		values: Record<string, string>;
		result: ReturnType<typeof sampleSize> | null;
		invalid: boolean;
	} | null = null;
	if (q.has('margin')) {
		const values = {
			margin: q.get('margin') ?? '',
			p: q.get('p') ?? '',
			deff: q.get('deff') ?? '',
			population: q.get('population') ?? ''
		};
		const margin = num(values.margin, 0.1, 50);
		const p = num(values.p, 1, 99);
		const deff = num(values.deff, 1, 10);
		const population = num(values.population, 1, 1e8);
		const invalid = [margin, p, deff, population].some((x) => Number.isNaN(x)) || margin == null;
		helper = {
			values,
			invalid,
			result: invalid
				? null
				: sampleSize({ margin: margin! / 100, p: p == null ? 0.5 : p / 100, deff: deff ?? 1, population })
		};
	}
	return {
		canPopulation: can(user, 'surveys.population'),
		helper,
		surveys: svc.listAll(getDb()).map((s) => ({
			id: s.id,
			slug: s.slug,
			title: en ? s.titleEn : s.titleZh,
			status: s.status,
			template: s.template
		}))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requirePermission(event, 'surveys.manage');
		const f = parseForm(newSurveyForm, await event.request.formData(), [...NEW_SURVEY_FIELDS, 'template']);
		if (!f.ok) return fail(400, { values: f.values, errors: f.errors });
		const r = svc.create(getDb(), user.id, f.data);
		if (!r.ok) return fail(400, { values: f.data, errors: r.errors });
		redirect(303, localizeHref(`/admin/surveys/${r.id}`));
	}
};
