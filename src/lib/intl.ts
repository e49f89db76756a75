/**
 * Intl formatters, made once per locale and options and then reused. Constructing one is costly
 * (it loads the locale's data); the home page's figures made one per number, which showed as the
 * largest single cost of its hydration on a throttled phone CPU.
 */
const numbers = new Map<string, Intl.NumberFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();

export function numberFormat(locale: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
	const key = `${locale}|${JSON.stringify(opts)}`;
	let f = numbers.get(key);
	if (!f) numbers.set(key, (f = new Intl.NumberFormat(locale, opts)));
	return f;
}

export function dateFormat(locale: string, opts: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
	const key = `${locale}|${JSON.stringify(opts)}`;
	let f = dates.get(key);
	if (!f) dates.set(key, (f = new Intl.DateTimeFormat(locale, opts)));
	return f;
}
