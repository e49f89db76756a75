/**
 * Indicators the site computes from its own records. They cannot be typed over: recording a value
 * for an indicator with a `live` key is refused. Demo and sample records never count.
 */
import { count, eq, and } from 'drizzle-orm';
import type { Executor } from '../db';
import * as reportStats from '../reports/stats';
import { points } from '../points/schema';
import { districtDay, addDays } from '../../time/zone';
import { now } from '../clock';
import type { LiveKey } from './plan-file';
import { cellProgress } from '../cells/service';
import { perceptionDetail } from '../surveys/indicators';

export interface LiveFigure {
	value: number | null;
	/** how many records the figure was computed from */
	records: number;
	/** district day computed */
	date: string;
	/** period covered, district days */
	from: string | null;
	to: string | null;
	/** 95 % interval where the figure is a survey estimate (percent) */
	ciLow?: number | null;
	ciHigh?: number | null;
	/** where the figure lives on the site */
	href: string;
	/** survey estimates (54–56): what the value is and what stands beside it */
	survey?: SurveyFacts;
}

export interface SurveyFacts {
	/** `weighted`: the value is the post-stratified rate (55: group-weighted), its interval on Kish's effective n */
	basis: 'weighted' | 'unweighted';
	/** the unweighted rate and its Wilson interval (percent), shown beside the weighted one */
	unweighted: number | null;
	unweightedCiLow: number | null;
	unweightedCiHigh: number | null;
	effectiveN: number | null;
	/** responses with a review flag (kept unless staff excluded them) */
	flagged: number;
	/** responses left out: failed attention check or excluded by staff */
	excluded: number;
}

/** Indicator 52 (办结率): resolved ÷ accepted reports over the last 12 months, as a percentage. */
function resolutionRate(db: Executor, today: string): LiveFigure {
	const from = addDays(today, -364);
	const s = reportStats.stats(db, from, today);
	return {
		value: s.resolutionRate === null ? null : Math.round(s.resolutionRate * 10000) / 100,
		records: s.accepted,
		date: today,
		from,
		to: today,
		href: '/reports/stats'
	};
}

/**
 * `cache` lets one page render share work between figures from the same source (54–56 read the
 * same survey report).
 */
export function compute(db: Executor, key: LiveKey, cache: Map<string, unknown> = new Map()): LiveFigure {
	const today = districtDay(now());
	switch (key) {
		case 'reports_resolution_rate':
			return resolutionRate(db, today);
		case 'cells_certified': {
			// indicator 44: valid certificates now (expired, revoked and demo ones never count); a
			// count of zero is a real figure, so it is reported as 0, not as "no data"
			const p = cellProgress(db);
			return { value: p.total, records: p.records, date: today, from: null, to: today, href: '/cells' };
		}
		case 'perception_54':
		case 'perception_55':
		case 'perception_56': {
			// the current perception survey: the post-stratified rate (55: group-weighted) with its
			// interval on Kish's effective n decides the status; the unweighted rate stands beside it
			const no = Number(key.slice(-2));
			if (!cache.has('perception')) cache.set('perception', perceptionDetail(db));
			const d = cache.get('perception') as ReturnType<typeof perceptionDetail>;
			const f = d?.report.indicators.find((i) => i.no === no);
			const pct = (x: number | null | undefined) => (x == null ? null : Math.round(x * 10000) / 100);
			const weighted = f?.statusBasis === 'weighted';
			return {
				value: pct(weighted ? f?.weightedRate : f?.rate),
				records: f?.n ?? 0,
				date: today,
				from: null,
				to: today,
				ciLow: pct(weighted ? f?.weightedCiLow : f?.ciLow),
				ciHigh: pct(weighted ? f?.weightedCiHigh : f?.ciHigh),
				survey: f && {
					basis: f.statusBasis,
					unweighted: pct(f.rate),
					unweightedCiLow: pct(f.ciLow),
					unweightedCiHigh: pct(f.ciHigh),
					effectiveN: f.effectiveN,
					flagged: d!.flaggedResponses,
					excluded: d!.excludedResponses
				},
				href: '/indicators/perception'
			};
		}
	}
}

/** Drop-off points in the finder that are real (sample points never count). */
export function realPointCount(db: Executor): { real: number; sample: number } {
	const rows = db
		.select({ sample: points.isSample, n: count() })
		.from(points)
		.where(and(eq(points.hidden, false)))
		.groupBy(points.isSample)
		.all();
	return { real: rows.find((r) => !r.sample)?.n ?? 0, sample: rows.find((r) => r.sample)?.n ?? 0 };
}
