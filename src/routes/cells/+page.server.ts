import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import * as cells from '$lib/server/cells/service';
import * as reference from '$lib/server/reference';
import { can } from '$lib/server/auth/permissions';

/** The public register (valid certificates only) and progress toward the plan's targets. */
export const load: PageServerLoad = ({ url, locals }) => {
	const db = getDb();
	const types = cells.cellTypesForPages();
	const towns = reference.towns(db);
	const type = types.some((t) => t.code === url.searchParams.get('type')) ? url.searchParams.get('type')! : '';
	const town = towns.some((t) => t.code === url.searchParams.get('town')) ? url.searchParams.get('town')! : '';
	return {
		types,
		towns,
		filter: { type, town },
		progress: cells.cellProgress(db),
		cells: cells.register(db, { type: type || undefined, town: town || undefined }),
		notices: cells.notices(db).filter((n) => n.open).length,
		canApply: can(locals.user, 'cells.apply')
	};
};
