import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as reportsSvc from '$lib/server/reports/service';
import { reportZones } from '$lib/server/reports/schema';
import codes from '$lib/server/reference/codes.json';
import { getLocale } from '$lib/paraglide/runtime';
import { nowMs } from '$lib/server/clock';
import { eq } from 'drizzle-orm';

export const load: PageServerLoad = ({ params, url }) => {
	const db = getDb();
	const r = reportsSvc.byCode(db, params.code);
	if (!r || r.hidden) error(404, 'not_found');
	const en = getLocale() === 'en';
	const cat = codes.report_categories.find((c) => c.code === r.category);
	const town = codes.towns.find((t) => t.code === r.townCode);
	const zone = r.zoneCode ? db.select().from(reportZones).where(eq(reportZones.code, r.zoneCode)).get() : undefined;
	const photos = reportsSvc.photos(db, r.id).filter((p) => !p.hidden);
	const canFollowUp =
		r.status === 'resolved' &&
		!r.confirmedAt &&
		!!r.resolvedAt &&
		nowMs() - r.resolvedAt.getTime() <= reportsSvc.CONFIRM_DAYS * 86400000;
	return {
		isNew: url.searchParams.has('new'),
		report: {
			code: r.code,
			status: r.status,
			category: cat ? (en ? cat.en : cat.zh) : r.category,
			// a name, never coordinates: the zone and its town, or the town
			place:
				zone && town
					? en
						? `${zone.en}, ${town.en}`
						: `${zone.zh}（${town.zh}）`
					: zone
						? en
							? zone.en
							: zone.zh
						: town
							? en
								? town.en
								: town.zh
							: r.townCode,
			coarse: reportsSvc.coarsen(r.lat, r.lng, r.category),
			createdAt: r.createdAt.getTime(),
			due: r.dueAt ? reportsSvc.dueLabel(r.dueAt) : null,
			confirmed: !!r.confirmedAt,
			description: r.description
		},
		// the public timeline: statuses and public replies only, never internal notes or who
		timeline: reportsSvc.timeline(db, r.id).map((e) => ({
			id: e.id,
			at: e.at.getTime(),
			to: e.toStatus,
			from: e.fromStatus,
			note: e.publicNote,
			byVisitor: e.actor === 'visitor'
		})),
		before: photos.filter((p) => p.stage === 'before').map((p) => p.fileId),
		after: photos.filter((p) => p.stage === 'after').map((p) => p.fileId),
		canFollowUp,
		canAddPhoto: ['pending', 'accepted', 'assigned', 'in_progress', 'transferred'].includes(r.status)
	};
};

export const actions: Actions = {
	photo: async ({ params, request, getClientAddress }) => {
		const f = (await request.formData()).get('photo');
		const r = await reportsSvc.addPhoto(
			getDb(),
			params.code,
			f instanceof File && f.size > 0 ? { bytes: new Uint8Array(await f.arrayBuffer()), name: f.name } : null,
			getClientAddress()
		);
		if (!r.ok) return fail(r.error === 'limited' ? 429 : 400, { photoError: r.error });
		return { photoAdded: true };
	},
	flag: async ({ params, getClientAddress }) => {
		const r = reportsSvc.flag(getDb(), params.code, getClientAddress());
		if (!r.ok && r.error === 'limited') return fail(429, { flagError: 'limited' });
		return { flagged: true };
	},
	followup: async ({ params, request }) => {
		const form = await request.formData();
		const r = reportsSvc.followUp(getDb(), params.code, form.get('fixed') === 'yes', String(form.get('note') ?? ''));
		if (!r.ok) return fail(400, { followupError: r.error });
		return { followedUp: true };
	}
};
