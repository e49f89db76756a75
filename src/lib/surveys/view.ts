/** A question as the respondent's page shows it (text in the visitor's language). */
export type ViewOption = { code: string; label: string };
export type ViewQuestion = {
	code: string;
	type: string;
	label: string;
	required: boolean;
	options: ViewOption[];
	rows: ViewOption[];
	/** skip logic on the same page: shown to everyone, answered only when it applies */
	condition: string | null;
	/** the same-page answer that makes it apply: hidden until then (CSS :has, so also without JavaScript) */
	showIf: { question: string; anyOf: string[] } | null;
	min: number | null;
	max: number | null;
};
