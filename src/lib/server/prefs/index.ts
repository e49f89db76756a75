/**
 * Display preferences (适老化): large text and high contrast, kept in a plain cookie so they work
 * without JavaScript and without an account. Not personal data: two flags.
 */
export const PREFS_COOKIE = 'miyun_display';
export const MODES = ['text', 'contrast'] as const;
export type Mode = (typeof MODES)[number];

export function parse(raw: string | undefined): Set<Mode> {
	const out = new Set<Mode>();
	for (const p of (raw ?? '').split('.')) if ((MODES as readonly string[]).includes(p)) out.add(p as Mode);
	return out;
}

export function serialise(modes: Set<Mode>): string {
	return MODES.filter((m) => modes.has(m)).join('.');
}

/** The classes on <html>: `mode-text` (large text), `mode-contrast` (high contrast). */
export function htmlClass(modes: Set<Mode>): string {
	return MODES.filter((m) => modes.has(m))
		.map((m) => `mode-${m}`)
		.join(' ');
}
