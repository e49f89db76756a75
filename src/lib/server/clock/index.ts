/**
 * The one source of "now" for all code. Production uses the system clock. Tests — and only
 * tests — may move it (vitest directly; browser journeys through /__test/clock, which exists only
 * with MIYUN_TEST_MODE=1, a setting `npm start` refuses).
 */
let offsetMs = 0;
let frozen: number | null = null;

export function now(): Date {
	return new Date(frozen ?? Date.now() + offsetMs);
}

export function nowMs(): number {
	return now().getTime();
}

/** Test only: make `now()` return `at` and keep moving from there (or stay there if `freeze`). */
export function setNow(at: Date, opts: { freeze?: boolean } = {}): void {
	if (process.env.NODE_ENV === 'production' && process.env.MIYUN_TEST_MODE !== '1') {
		throw new Error('The clock can only be set in tests');
	}
	if (opts.freeze) {
		frozen = at.getTime();
		offsetMs = 0;
	} else {
		frozen = null;
		offsetMs = at.getTime() - Date.now();
	}
}

/** Test only: move the clock forward. */
export function advance(ms: number): void {
	setNow(new Date(nowMs() + ms), { freeze: frozen !== null });
}

export function resetClock(): void {
	frozen = null;
	offsetMs = 0;
}
