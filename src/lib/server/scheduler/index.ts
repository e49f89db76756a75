/**
 * A small in-process scheduler. Jobs register a name and an interval, or a time of day in Beijing
 * (optionally on working days of the site's calendar only); `runDue` runs each job whose time has
 * come, holding a lease row so two processes (or an overlapping tick) never run the same job at
 * once. A time-of-day job missed while the server was down runs once at the next tick (catch-up).
 * Jobs must be idempotent; `once` helps them do each item of work exactly once.
 */
import { eq, and, or, isNull, lte } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import { jobs, jobRuns } from './schema';
import { now, nowMs } from '../clock';
import { isWorkingDay } from '../calendar';
import { addDays, districtDay, startOfDistrictDay } from '../../time/zone';

export interface Job {
	name: string;
	/** run every so many seconds … */
	everySeconds?: number;
	/** … or at this time of day, Beijing time ("08:30") */
	at?: string;
	/** with `at`: on working days of the site's calendar only */
	workingDays?: boolean;
	run: (db: DB, at: Date) => Promise<void> | void;
}

/** When the job runs next after `after`. */
export function nextRun(db: Executor, job: Job, after: Date): Date {
	if (!job.at) return new Date(after.getTime() + (job.everySeconds ?? 3600) * 1000);
	const [h, m] = job.at.split(':').map(Number);
	let day = districtDay(after);
	for (let i = 0; i < 400; i++) {
		const t = startOfDistrictDay(day).getTime() + (h * 60 + m) * 60000;
		if (t > after.getTime() && (!job.workingDays || isWorkingDay(db, day))) return new Date(t);
		day = addDays(day, 1);
	}
	throw new Error(`${job.name}: no working day within 400 days`);
}

const registry = new Map<string, Job>();

export function register(job: Job): void {
	registry.set(job.name, job);
}

export function registered(): string[] {
	return [...registry.keys()];
}

/** Claim the job's lease if it is due; true when this caller should run it. */
function claim(db: DB, job: Job): boolean {
	const t = nowMs();
	// interval jobs run at once on first sight; time-of-day jobs wait for their time
	db.insert(jobs)
		.values({ name: job.name, nextRunAt: job.at ? nextRun(db, job, new Date(t)) : new Date(t) })
		.onConflictDoNothing()
		.run();
	const r = db
		.update(jobs)
		.set({ lockedUntil: new Date(t + 10 * 60000) })
		.where(
			and(
				eq(jobs.name, job.name),
				lte(jobs.nextRunAt, new Date(t)),
				or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, new Date(t)))
			)
		)
		.run();
	return r.changes === 1;
}

/** Run every due job once. Returns the names of the jobs that ran. */
export async function runDue(db: DB): Promise<string[]> {
	const ran: string[] = [];
	for (const job of registry.values()) {
		if (!claim(db, job)) continue;
		const at = now();
		let err: string | null = null;
		try {
			await job.run(db, at);
		} catch (e) {
			err = String(e).slice(0, 500);
			console.error(`[scheduler] ${job.name} failed:`, e);
		}
		db.update(jobs)
			.set({
				lastRunAt: at,
				nextRunAt: nextRun(db, job, at),
				lockedUntil: null,
				lastError: err
			})
			.where(eq(jobs.name, job.name))
			.run();
		ran.push(job.name);
	}
	return ran;
}

/**
 * Test only (the settable clock): after the clock moves, every job's next run is worked out again
 * from the new "now", so a job is neither stuck in the old future nor run for every missed slot.
 */
export function rearm(db: DB): void {
	const t = now();
	for (const job of registry.values())
		db.insert(jobs)
			.values({ name: job.name, nextRunAt: job.at ? nextRun(db, job, t) : t })
			.onConflictDoUpdate({
				target: jobs.name,
				set: { nextRunAt: job.at ? nextRun(db, job, t) : t, lockedUntil: null }
			})
			.run();
}

/** Record that `job` has done the work item `key`; false if it was done before. */
export function once(db: Executor, job: string, key: string): boolean {
	return db.insert(jobRuns).values({ job, key, at: now() }).onConflictDoNothing().run().changes === 1;
}

let timer: ReturnType<typeof setInterval> | null = null;

export function start(db: DB, tickSeconds = 30): void {
	if (timer) return;
	let busy = false;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			await runDue(db);
		} finally {
			busy = false;
		}
	};
	timer = setInterval(tick, tickSeconds * 1000);
	timer.unref();
	void tick();
}

export function stop(): void {
	if (timer) clearInterval(timer);
	timer = null;
}
