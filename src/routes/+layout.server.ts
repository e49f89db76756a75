import type { LayoutServerLoad } from './$types';
import { config } from '$lib/server/config';

export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user ? { displayName: locals.user.displayName, role: locals.user.role } : null,
	site: { icp: config.siteIcp, psb: config.sitePsb, siteId: config.siteId }
});
