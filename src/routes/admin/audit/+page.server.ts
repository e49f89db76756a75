import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import * as audit from '$lib/server/audit';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'audit.view');
	const q = event.url.searchParams;
	const before = Number(q.get('before'));
	const subjectType = (q.get('type') ?? '').slice(0, 40) || undefined;
	const rows = audit.list(getDb(), {
		subjectType,
		beforeId: Number.isInteger(before) && before > 0 ? before : undefined,
		limit: 50
	});
	return {
		subjectType: subjectType ?? '',
		rows: rows.map((r) => ({
			id: r.id,
			at: r.at.getTime(),
			actorType: r.actorType,
			actorId: r.actorId,
			action: r.action,
			subject: `${r.subjectType}:${r.subjectId}`,
			change: r.fromState || r.toState ? `${r.fromState ?? '∅'} → ${r.toState ?? '∅'}` : '',
			detail: r.after ? JSON.stringify(r.after) : '',
			note: r.note ?? ''
		}))
	};
};
