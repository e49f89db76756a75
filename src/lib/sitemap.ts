/** The public pages of the site, grouped: one list for /sitemap, sitemap.xml and the a11y sweep. */
import { m } from '$lib/paraglide/messages';

export interface SitemapGroup {
	title: () => string;
	pages: { path: string; label: () => string }[];
}

export const SITEMAP: SitemapGroup[] = [
	{
		title: m.sitemap_group_residents,
		pages: [
			{ path: '/', label: m.site_name },
			{ path: '/sort', label: m.nav_sort },
			{ path: '/sort/quiz', label: m.sitemap_quiz },
			{ path: '/points', label: m.nav_points },
			{ path: '/report', label: m.nav_report },
			{ path: '/report/track', label: m.sitemap_track },
			{ path: '/reports', label: m.sitemap_reports },
			{ path: '/reports/stats', label: m.stats_title },
			{ path: '/surveys', label: m.nav_surveys }
		]
	},
	{
		title: m.sitemap_group_plan,
		pages: [
			{ path: '/plan', label: m.plan_title },
			{ path: '/indicators', label: m.ind_title },
			{ path: '/indicators/perception', label: m.survey_ind_title },
			{ path: '/plan/tasks', label: m.tasks_title },
			{ path: '/cells', label: m.nav_cells },
			{ path: '/cells/notices', label: m.cell_notices_title },
			{ path: '/notices', label: m.notices_title }
		]
	},
	{
		title: m.sitemap_group_site,
		pages: [
			{ path: '/register', label: m.sitemap_register },
			{ path: '/login', label: m.nav_login },
			{ path: '/about/privacy', label: m.privacy_title },
			{ path: '/about/privacy/request', label: m.rights_title },
			{ path: '/about/accessibility', label: m.a11y_title },
			{ path: '/feedback', label: m.feedback_title },
			{ path: '/sitemap', label: m.footer_sitemap }
		]
	}
];
