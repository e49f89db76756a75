/**
 * A small in-process scheduler. Jobs register a name and an interval; `runDue` runs each job whose
 * time has come, holding a lease row so two processes (or an overlapping tick) never run the same
 * job at once. Jobs must be idempotent; `once` helps them do each item of work exactly once.
 */
import { eq, and, or, isNull, lte } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import { jobs, jobRuns } from './schema';
import { now, nowMs } from '../clock';

export interface Job {
	name: string;
	everySeconds: number;
	run: (db: DB, at: Date) => Promise<void> | void;
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
	db.insert(jobs)
		.values({ name: job.name, nextRunAt: new Date(t) })
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
				nextRunAt: new Date(at.getTime() + job.everySeconds * 1000),
				lockedUntil: null,
				lastError: err
			})
			.where(eq(jobs.name, job.name))
			.run();
		ran.push(job.name);
	}
	return ran;
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
