/**
 * Seeds one draft survey (the built-in template) for the survey builder journey, through the real
 * service, against the journey server's database. Prints {"id","slug"}.
 */
import { openDatabase } from '../src/lib/server/db';
import { config } from '../src/lib/server/config';
import { staff } from '../src/lib/server/testing/builders';
import * as surveys from '../src/lib/server/surveys/service';

const db = openDatabase(config.databasePath);

async function main() {
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
	console.log(JSON.stringify({ id: s.id, slug }));
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		process.exit(1);
	}
);
