/**
 * Seeds a perception survey (the built-in template, SAMPLE data) with 10 imported responses for
 * the survey-review journey: nine took 10 minutes, one took 2 minutes with the same answer in
 * every matrix row (flagged `uniform_fast`). Its opening is backdated so it does not become the
 * site's current perception survey. Run in the worker through tests/in-db.ts.
 */
import { eq } from 'drizzle-orm';
import type { DB } from '../src/lib/server/db';
import { staff } from '../src/lib/server/testing/builders';
import * as surveys from '../src/lib/server/surveys/service';
import { commitImport } from '../src/lib/server/surveys/import';
import { surveys as surveysTable, surveyResponses } from '../src/lib/server/surveys/schema';

export async function seedReviewSurvey(db: DB): Promise<{ id: number; slug: string; flagged: string }> {
	const stamp = Date.now().toString(36);
	const admin = await staff(db, { role: 'admin', email: `review-survey${stamp}@example.gov.cn` });
	const slug = `review-${stamp}`;
	const s = surveys.create(db, admin.userId, {
		slug,
		titleZh: '复核测试问卷（示例）',
		titleEn: 'Review test survey (sample)',
		collectorZh: '密云区生态环境局',
		collectorEn: 'Miyun Ecology and Environment Bureau',
		contact: 'survey@example.gov.cn',
		template: true
	});
	if (!s.ok) throw new Error(`survey: ${JSON.stringify(s.errors)}`);
	surveys.transition(db, admin.userId, s.id, 'open');
	db.update(surveysTable)
		.set({ openedAt: new Date('2001-01-01T00:00:00Z') })
		.where(eq(surveysTable.id, s.id))
		.run();
	const head =
		'town,group,age_band,aware_items,actions,attention,aspects.facilities,aspects.cleanliness,aspects.publicity,overall,why_not,recommend,started_at,finished_at';
	const start = '2026-10-10T02:00:00Z';
	const row = (aspects: string, minutes: number, overall: string) =>
		`gulou,public,a30_44,leaflet,sorting,agree,${aspects},${overall},,7,${start},${new Date(Date.parse(start) + minutes * 60000).toISOString()}`;
	const csv = [
		head,
		...Array(9).fill(row('satisfied,basic,satisfied', 10, 'satisfied')),
		row('satisfied,satisfied,satisfied', 2, 'dissatisfied')
	].join('\n');
	const r = commitImport(db, { type: 'system' }, s.id, csv + '\n');
	if (!r.ok) throw new Error('import');
	const rows = db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, s.id)).all();
	return { id: s.id, slug, flagged: rows.at(-1)!.publicId };
}
