import type { PageServerLoad } from './$types';
import { config } from '$lib/server/config';

export const load: PageServerLoad = () => ({
	retention: {
		contactDays: config.retentionReportContactDays,
		originalsDays: config.retentionReportOriginalsDays,
		surveyDays: config.retentionSurveyIdsDays,
		rightsDays: config.rightsDeadlineWorkingDays
	}
});
