/** Shapes survey data for pages in the visitor's language. */
import type { Definition, Question, Section } from './definition';
import { findQuestion } from './definition';
import type { ViewQuestion } from '$lib/surveys/view';
import { nameIn } from '$lib/text';

export const L = (o: { zh: string; en: string }, en: boolean) => nameIn(o, en);

export function viewQuestion(def: Definition, section: Section, q: Question, en: boolean): ViewQuestion {
	let condition: string | null = null;
	if (q.showIf) {
		const dep = findQuestion(def, q.showIf.question);
		const labels = (dep?.options ?? []).filter((o) => q.showIf!.anyOf.includes(o.code)).map((o) => L(o, en));
		condition = `${dep ? L(dep, en) : q.showIf.question} → ${labels.join(en ? ' / ' : '／')}`;
	}
	return {
		code: q.code,
		type: q.type,
		label: L(q, en),
		required: q.required,
		options: (q.options ?? []).map((o) => ({ code: o.code, label: L(o, en) })),
		rows: (q.rows ?? []).map((o) => ({ code: o.code, label: L(o, en) })),
		condition: section.questions.some((x) => x.code === q.showIf?.question) ? condition : null,
		showIf:
			q.showIf && section.questions.some((x) => x.code === q.showIf?.question)
				? { question: q.showIf.question, anyOf: [...q.showIf.anyOf] }
				: null,
		min: q.min ?? null,
		max: q.max ?? null
	};
}
