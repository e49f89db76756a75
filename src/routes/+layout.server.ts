import type { LayoutServerLoad } from './$types';
import { config } from '$lib/server/config';
import { PREFS_COOKIE, parse } from '$lib/server/prefs';

export const load: LayoutServerLoad = ({ locals, cookies }) => ({
	user: locals.user ? { displayName: locals.user.displayName, role: locals.user.role } : null,
	site: {
		icp: config.siteIcp,
		psb: config.sitePsb,
		siteId: config.siteId,
		sponsor: config.siteSponsor,
		contact: config.siteContact,
		govMark: config.siteGovMarkUrl
	},
	modes: [...parse(cookies.get(PREFS_COOKIE))]
});
