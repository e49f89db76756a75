import { browser } from '$app/environment';

let hydrated = false;

/** Called once the first page has hydrated (root layout's onMount); from then on fields follow their data. */
export function markHydrated() {
	hydrated = true;
}

/**
 * A form field's value or checked state, held back while the page hydrates. Svelte 5 sets `value`,
 * `checked` and `open` on hydration, wiping whatever the person typed, chose or opened before the
 * JavaScript arrived; `undefined` leaves the element alone. The server's HTML gets the value, and
 * after hydration the field follows it again whenever it changes (new data, an action's reply).
 * For check boxes, radio buttons, passwords and textareas. A text, number or date field renders
 * `defaultValue={x}` instead: with `value`, hydration strips the attribute and sets the value back,
 * which drops a selection made before the script ran (the next key then appends to the text).
 */
export function initial<T>(value: T): T | undefined {
	return browser && !hydrated ? undefined : value;
}

/** Spread on `<details>`: open in the server's HTML when `open`, untouched during hydration. */
export function initialOpen(open: boolean): { open?: true } {
	return (!browser || hydrated) && open ? { open: true } : {};
}

/**
 * Attach to a `<textarea value={initial(text)}>`: hydration empties a textarea's server-rendered
 * text, so this puts it back as the default text, which the browser shows unless the person has
 * already typed there (then what they typed stays).
 */
export function initialText(text: string | null | undefined) {
	return (el: HTMLTextAreaElement) => {
		el.defaultValue = text ?? '';
	};
}
