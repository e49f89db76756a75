/** Punctuation that differs by language: Chinese text takes full-width marks (：), English half-width. */
import { getLocale } from '$lib/paraglide/runtime';

/** The colon between a label and its value: "证明材料：文件" / "Evidence: file". */
export function colon(): string {
	return getLocale() === 'en' ? ': ' : '：';
}
