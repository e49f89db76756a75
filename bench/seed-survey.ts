// Benchmarks only: opens a perception survey (slug `bench`) in the database at DATABASE_PATH and
// prints, as JSON, one valid set of answers per page, read from the survey's own definition.
import * as app from '../src/lib/server/app';
import * as svc from '../src/lib/server/surveys/service';
import { answerKeys } from '../src/lib/server/surveys/definition';

const db = app.open();
const made = svc.create(db, 'bench', {
	slug: 'bench',
	titleZh: '基准测试问卷（示例）',
	titleEn: 'Benchmark survey (sample)',
	collectorZh: '基准测试',
	collectorEn: 'Benchmark',
	contact: 'bench@example.invalid',
	template: true
});
if (!made.ok) throw new Error(JSON.stringify(made.errors));
const opened = svc.transition(db, 'bench', made.id, 'open');
if (!opened.ok) throw new Error(opened.error);
const pages = svc.byId(db, made.id)!.definition.sections.map((s) =>
	s.questions.flatMap((q) => {
		if (q.type === 'longtext' || q.type === 'text') return [];
		if (q.type === 'rating') return [[q.code, '8']];
		const pick = q.attention ?? q.options![0].code;
		return answerKeys(q).map((k) => [k, pick]);
	})
);
console.log(JSON.stringify(pages));
