/** Punctuation that differs by language: Chinese text takes full-width marks (：), English half-width. */
import { getLocale } from '$lib/paraglide/runtime';

/** The colon between a label and its value: "证明材料：文件" / "Evidence: file". */
export function colon(): string {
	return getLocale() === 'en' ? ': ' : '：';
}

/**
 * The text in the visitor's language from a `{ zh, en }` pair (reference names, bilingual fields).
 * `en`: a locale code or whether English is wanted; by default the current request's locale.
 */
export function nameIn<T>(o: { zh: T; en: T }, en: boolean | string = getLocale()): T {
	return (typeof en === 'string' ? en === 'en' : en) ? o.en : o.zh;
}
