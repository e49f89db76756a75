/**
 * What the application pages share: the guard that finds an application only for its own
 * organisation (anyone else: 404, its existence is not theirs to know) or its reviewers, and the
 * plain-object view of an application the pages render.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db';
import { requirePermission } from '../auth/guard';
import * as cells from './service';
import * as accounts from '../auth/accounts';
import { mayEdit } from './workflow';

export function ownApplication(event: RequestEvent) {
	const user = requirePermission(event, 'cells.apply');
	const db = getDb();
	const app = cells.get(db, Number(event.params.id));
	if (!app || !cells.isApplicant(user, app)) error(404, 'not_found');
	return { user, db, app };
}

/** Staff: an application of a type they review, never a draft, never their own organisation's. */
export function reviewedApplication(event: RequestEvent) {
	const user = requirePermission(event, 'admin.enter');
	const db = getDb();
	const app = cells.get(db, Number(event.params.id));
	if (!app || app.status === 'draft' || !cells.mayReview(user, app)) error(404, 'not_found');
	return { user, db, app };
}

/** The application as the pages need it; `forReviewer` adds the reviewer's scores and objections' contacts. */
export function view(db: ReturnType<typeof getDb>, app: cells.Application, forReviewer: boolean) {
	const o = cells.overview(db, app);
	const org = accounts.getOrganisation(db, app.orgId)!;
	const answers: Record<
		string,
		{
			value: string | null;
			note: string | null;
			reviewValue?: string | null;
			reviewComment?: string | null;
			editable: boolean;
		}
	> = {};
	for (const c of o.def.criteria) {
		const r = o.rows.find((x) => x.criterionId === c.id);
		answers[c.id] = {
			value: r?.value ?? null,
			note: r?.note ?? null,
			editable: mayEdit(app.status, app.reopened ?? null, c.id),
			...(forReviewer ? { reviewValue: r?.reviewValue ?? null, reviewComment: r?.reviewComment ?? null } : {})
		};
	}
	const timeline = cells.timeline(db, app.id).map((e) => ({
		id: e.id,
		at: e.at.getTime(),
		to: e.toStatus,
		...splitInfoNote(e.toStatus, e.note)
	}));
	return {
		app: {
			id: app.id,
			caseNo: app.caseNo,
			cellType: app.cellType,
			status: app.status,
			reopened: app.reopened ?? [],
			infoDueDay: app.infoDueDay,
			siteVisitDay: app.siteVisitDay,
			siteVisitFindings: app.siteVisitFindings,
			noticeEndsAt: app.noticeEndsAt?.getTime() ?? null,
			decisionReason: app.decisionReason,
			certNo: app.certNo,
			submittedAt: app.submittedAt?.getTime() ?? null,
			renewalOf: app.renewalOf
		},
		org: { name: org.name, townCode: org.townCode },
		type: cells.cellTypesForPages().find((t) => t.code === app.cellType)!,
		version: o.version,
		def: o.def,
		answers,
		evidence: o.evidence.map((e) => ({
			id: e.id,
			criterionId: e.criterionId,
			fileId: e.fileId,
			name: e.name ?? e.fileId
		})),
		tasks: tasksToFix(o.tasks, o.def, app),
		self: o.self,
		review: forReviewer ? o.review : null,
		missing: o.missing,
		timeline,
		infoReason:
			app.status === 'info_requested' ? (timeline.findLast((e) => e.to === 'info_requested')?.note ?? null) : null,
		objections: forReviewer
			? cells
					.objections(db, app.id)
					.map((x) => ({ ...x, at: x.at.getTime(), decidedAt: x.decidedAt?.getTime() ?? null }))
			: []
	};
}

/**
 * During 补正 a section holding a reopened item is "to fix" (whatever its answers say): the
 * applicant must go back to it, so it is never shown as completed.
 */
function tasksToFix(
	tasks: ReturnType<typeof cells.taskList>,
	def: { criteria: { id: string; section: string }[] },
	app: cells.Application
) {
	if (app.status !== 'info_requested') return tasks.map((t) => ({ ...t, status: t.status as string }));
	const open = new Set(def.criteria.filter((c) => app.reopened?.includes(c.id)).map((c) => c.section));
	return tasks.map((t) => ({ ...t, status: open.has(t.id) ? 'to_fix' : (t.status as string) }));
}

/**
 * A 补正 event's note is stored as "reason\nitem, item · due-day" (service.transition); the
 * pages show the reason as written and the items by name, never the internal codes.
 */
function splitInfoNote(to: string, note: string | null): { note: string | null; items?: string[]; due?: string } {
	if (to !== 'info_requested' || !note) return { note };
	const lines = note.split('\n');
	const m = /^([a-z0-9_]+(?:, [a-z0-9_]+)*) · (\d{4}-\d{2}-\d{2})$/.exec(lines.at(-1) ?? '');
	if (!m) return { note };
	return { note: lines.slice(0, -1).join('\n') || null, items: m[1].split(', '), due: m[2] };
}
