import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { stats, period } from '$lib/server/reports/stats';
import { districtDay } from '$lib/time/zone';
import { now } from '$lib/server/clock';
import { DEPARTMENTS, REPORT_CATEGORIES } from '$lib/server/reference';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = ({ url }) => {
	const today = districtDay(now());
	const p = period(url.searchParams.get('from'), url.searchParams.get('to'), today) ?? period(null, null, today)!;
	const en = getLocale() === 'en';
	const name = new Map<string, string>([
		...DEPARTMENTS.map((d) => [d.code, en ? d.en : d.zh] as const),
		...REPORT_CATEGORIES.map((c) => [c.code, en ? c.en : c.zh] as const)
	]);
	const s = stats(getDb(), p.from, p.to);
	const label = <T extends { code: string }>(rows: T[]) =>
		rows.map((r) => ({ ...r, name: name.get(r.code) ?? r.code }));
	return {
		badPeriod: !period(url.searchParams.get('from'), url.searchParams.get('to'), today),
		...s,
		byDepartment: label(s.byDepartment),
		byCategory: label(s.byCategory)
	};
};
