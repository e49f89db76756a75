/**
 * Seeds one draft survey (the built-in template) for the survey builder journey, through the real
 * service, against the journey server's database (run in the worker through tests/in-db.ts).
 */
import type { DB } from '../src/lib/server/db';
import { staff } from '../src/lib/server/testing/builders';
import * as surveys from '../src/lib/server/surveys/service';

export async function seedBuilderSurvey(db: DB): Promise<{ id: number; slug: string }> {
	const stamp = Date.now().toString(36);
	const admin = await staff(db, { role: 'admin', email: `screens-survey${stamp}@example.gov.cn` });
	const slug = `builder-${stamp}`;
	const s = surveys.create(db, admin.userId, {
		slug,
		titleZh: '构建器测试问卷（示例）',
		titleEn: 'Builder test survey (sample)',
		collectorZh: '密云区生态环境局',
		collectorEn: 'Miyun Ecology and Environment Bureau',
		contact: 'survey@example.gov.cn',
		template: true
	});
	if (!s.ok) throw new Error(`survey: ${JSON.stringify(s.errors)}`);
	return { id: s.id, slug };
}
