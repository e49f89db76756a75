/**
 * Opening hours in OSM syntax, evaluated in the district's zone (Asia/Shanghai) whatever zone the
 * server runs in, with the site's holiday calendar applied by us: the opening_hours package knows
 * no Chinese holidays or 调休 days.
 *
 * Rules: a point whose hours contain a `PH …` rule follows the official calendar — on a holiday it
 * keeps the PH rule (`PH off` → closed; `PH 09:00-12:00` → those hours), and on a 调休 make-up
 * working day (a weekend day worked) it keeps a Monday's hours. Points without a PH rule (shops,
 * 24/7 bin stations) keep their weekly hours whatever the calendar says.
 */
import OpeningHours from 'opening_hours';
import { addDays, districtDay } from '../../time/zone';

const OFFSET = 8 * 3600000;
const DAY = 86400000;

export type DayKind = 'holiday' | 'workday' | null;

interface Parsed {
	weekly: OpeningHours | null;
	/** null: no PH rule; [] closed on holidays; otherwise the PH intervals evaluator */
	ph: OpeningHours | 'off' | null;
}

const cache = new Map<string, Parsed | 'invalid'>();

/** Split top-level rules on ';' and pull out `PH …` rules. */
function parse(hours: string): Parsed | 'invalid' {
	const hit = cache.get(hours);
	if (hit) return hit;
	let out: Parsed | 'invalid';
	try {
		const rules = hours
			.split(';')
			.map((r) => r.trim())
			.filter(Boolean);
		const ph = rules.filter((r) => /^PH\b/.test(r));
		const rest = rules.filter((r) => !/^PH\b/.test(r));
		let phEval: Parsed['ph'] = null;
		if (ph.length) {
			const spec = ph[ph.length - 1].replace(/^PH\s*/, '');
			phEval = /^(off|closed)$/i.test(spec) || spec === '' ? 'off' : new OpeningHours(`Mo-Su ${spec}`);
		}
		out = { weekly: rest.length ? new OpeningHours(rest.join('; ')) : null, ph: phEval };
	} catch {
		out = 'invalid';
	}
	cache.set(hours, out);
	return out;
}

export function isValidHours(hours: string): boolean {
	return parse(hours) !== 'invalid';
}

/**
 * A Date whose *local* wall clock (in whatever zone this process runs) shows the district's wall
 * clock at instant `ms` — what the opening_hours package, which reads local time, needs.
 */
function toLocalWall(ms: number): Date {
	const s = new Date(ms + OFFSET);
	return new Date(
		s.getUTCFullYear(),
		s.getUTCMonth(),
		s.getUTCDate(),
		s.getUTCHours(),
		s.getUTCMinutes(),
		s.getUTCSeconds()
	);
}
/** The inverse: a local-wall Date back to the real instant. */
function fromLocalWall(d: Date): number {
	return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()) - OFFSET;
}

/** Open intervals [start, end) as real instants within the district day `day` (YYYY-MM-DD). */
function dayIntervals(p: Parsed, day: string, kind: DayKind): [number, number][] {
	const start = Date.parse(`${day}T00:00:00Z`) - OFFSET;
	let evaluator: OpeningHours | null = p.weekly;
	let shift = 0;
	if (p.ph !== null && kind === 'holiday') {
		if (p.ph === 'off') return [];
		evaluator = p.ph;
	} else if (p.ph !== null && kind === 'workday') {
		// a worked weekend day keeps a Monday's hours: evaluate the Monday of a reference week
		const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
		shift = ((wd + 6) % 7) * DAY; // days since Monday
	}
	if (!evaluator) return [];
	const from = toLocalWall(start - shift);
	const to = toLocalWall(start - shift + DAY);
	return evaluator
		.getOpenIntervals(from, to)
		.map(([a, b]) => [fromLocalWall(a) + shift, fromLocalWall(b) + shift] as [number, number]);
}

export interface HoursState {
	/** null when the hours are unknown or unreadable */
	open: boolean | null;
	/** when open: closing time; when closed: next opening within 7 days; else null */
	next: Date | null;
}

/**
 * Open now? and the next change. `kindOf(day)` tells the calendar's kind of each district day
 * (holiday, make-up workday, or ordinary).
 */
export function hoursState(hours: string | null, at: Date, kindOf: (day: string) => DayKind): HoursState {
	if (!hours) return { open: null, next: null };
	const p = parse(hours);
	if (p === 'invalid') return { open: null, next: null };
	const t = at.getTime();
	const today = districtDay(at);
	const intervals: [number, number][] = [];
	for (let i = -1; i <= 7; i++) {
		const d = addDays(today, i);
		intervals.push(...dayIntervals(p, d, kindOf(d)));
	}
	intervals.sort((a, b) => a[0] - b[0]);
	// merge touching intervals (e.g. 20:00-24:00 + 00:00-02:00 across midnight, or 24/7)
	const merged: [number, number][] = [];
	for (const iv of intervals) {
		const last = merged[merged.length - 1];
		if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
		else merged.push([...iv]);
	}
	const current = merged.find(([a, b]) => a <= t && t < b);
	if (current) return { open: true, next: current[1] - t > 7 * DAY ? null : new Date(current[1]) };
	const upcoming = merged.find(([a]) => a > t);
	return { open: false, next: upcoming ? new Date(upcoming[0]) : null };
}

/** A readable weekly table: each weekday's intervals as "HH:MM–HH:MM" (district time). */
export function weeklyTable(hours: string | null): { weekday: number; ranges: string[] }[] | null {
	if (!hours) return null;
	const p = parse(hours);
	if (p === 'invalid' || !p.weekly) return null;
	// the week of Monday 2026-11-30 (no holidays), read without the calendar
	const out: { weekday: number; ranges: string[] }[] = [];
	for (let i = 0; i < 7; i++) {
		const day = addDays('2026-11-30', i);
		const ivs = dayIntervals({ weekly: p.weekly, ph: null }, day, null);
		out.push({
			weekday: (i + 1) % 7,
			ranges: ivs.map(([a, b]) => `${hhmm(a)}–${b - a >= DAY - 60000 ? '24:00' : hhmm(b)}`)
		});
	}
	return out;
}

export function phRule(hours: string | null): 'off' | string | null {
	if (!hours) return null;
	const p = parse(hours);
	if (p === 'invalid' || p.ph === null) return null;
	if (p.ph === 'off') return 'off';
	return hours
		.split(';')
		.map((r) => r.trim())
		.filter((r) => /^PH\b/.test(r))
		.pop()!
		.replace(/^PH\s*/, '');
}

function hhmm(ms: number): string {
	const d = new Date(ms + OFFSET);
	const h = d.getUTCHours();
	const m = d.getUTCMinutes();
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
