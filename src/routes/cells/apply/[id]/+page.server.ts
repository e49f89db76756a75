import type { PageServerLoad } from './$types';
import { ownApplication, view } from '$lib/server/cells/pages';

export const load: PageServerLoad = (event) => {
	const { db, app } = ownApplication(event);
	return { ...view(db, app, false), sent: event.url.searchParams.has('sent') };
};
