/**
 * The one workflow engine. A workflow is a typed table of steps — `action: { from, to, who, needs }`
 * — and the engine answers what it allows (`allowed`, `actionsFor`), checks a step's `needs`
 * against the facts its service gathers (`check`), and applies a step (`transition`): the status
 * moves only if the row is still in the state the person saw (optimistic concurrency), and the
 * audit row is written in the same transaction. A lost race is a `Conflict`, which routes turn
 * into a 409 page showing the record as it is now — never a 500.
 */
import { and, eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Tx } from '../db';
import * as audit from '../audit';

export interface Step<S extends string, W extends string, N extends string = never> {
	from: readonly S[];
	to: S;
	who: readonly W[];
	/** what the step needs; the service says whether each is met, the engine checks them all */
	needs?: readonly N[];
}

export type Check<A, N> = { ok: true; action: A } | { ok: false; error: 'illegal' } | { ok: false; error: N };

/** Whether each need is met: a value, or a function the engine calls only if the step needs it. */
export type Facts<N extends string> = { [K in N]?: boolean | (() => boolean) };

export interface Workflow<S extends string, A extends string, W extends string, N extends string> {
	/** the audit action prefix (`report.accept`) */
	name: string;
	/** the audit subject type; `name` unless told */
	subjectType: string;
	steps: { readonly [K in A]: Step<S, W, N> };
	actions: readonly A[];
	isAction(a: string): a is A;
	allowed(action: string, from: S, who: W): action is A;
	actionsFor(from: S, who: W): A[];
	/** Legal for this actor from this state, and every need met (the first unmet need is the error). */
	check(action: string, from: S, who: W, met: Facts<N>): Check<A, N>;
}

export function defineWorkflow<S extends string, W extends string, N extends string, A extends string>(
	name: string,
	steps: { readonly [K in A]: Step<S, W, N> },
	opts: { subjectType?: string } = {}
): Workflow<S, A, W, N> {
	const actions = Object.keys(steps) as A[];
	const isAction = (a: string): a is A => Object.hasOwn(steps, a);
	const allowed = (action: string, from: S, who: W): action is A => {
		if (!isAction(action)) return false;
		const s: Step<S, W, N> = steps[action];
		return s.from.includes(from) && s.who.includes(who);
	};
	return {
		name,
		subjectType: opts.subjectType ?? name,
		steps,
		actions,
		isAction,
		allowed,
		actionsFor: (from, who) => actions.filter((a) => allowed(a, from, who)),
		check(action, from, who, met) {
			if (!allowed(action, from, who)) return { ok: false, error: 'illegal' };
			const s: Step<S, W, N> = steps[action];
			for (const n of s.needs ?? []) {
				const v = met[n];
				if (!(typeof v === 'function' ? v() : v)) return { ok: false, error: n };
			}
			return { ok: true, action };
		}
	};
}

/** Someone else changed the record between the page being shown and the change being sent. */
export class Conflict extends Error {
	readonly status = 409;
	constructor(
		readonly subject: { type: string; id: string },
		readonly current: string | null
	) {
		super(`${subject.type} ${subject.id} changed meanwhile (now ${current ?? 'gone'})`);
		this.name = 'Conflict';
	}
}

export const isConflict = (e: unknown): e is Conflict => e instanceof Conflict;

/** Where a workflow's records live: the table, its key and its status column (property `status`). */
export interface Store {
	table: SQLiteTable;
	id: SQLiteColumn;
	status: SQLiteColumn;
}

export interface Apply<S extends string, A extends string> {
	action: A;
	key: number | string;
	/** the state the person saw; the change applies only if the row is still in it */
	from: S;
	/** other columns to set with the status */
	set?: Record<string, unknown>;
	actor: audit.Actor;
	/** the audit subject id (e.g. the tracking code); the key by default */
	subjectId?: string;
	note?: string | null;
	before?: unknown;
	after?: unknown;
}

/**
 * Apply a step inside the caller's transaction: compare-and-set the status, then the audit row.
 * Throws `Conflict` (rolling the transaction back) when the row is no longer in `from`, and an
 * Error for a step the table does not allow (callers check first; this is the last guard).
 */
export function transition<S extends string, A extends string, W extends string, N extends string>(
	tx: Tx,
	wf: Workflow<S, A, W, N>,
	store: Store,
	a: Apply<S, A>
): S {
	const step: Step<S, W, N> = wf.steps[a.action];
	if (!step || !step.from.includes(a.from)) throw new Error(`${wf.name}: ${a.action} is not a step from ${a.from}`);
	const r = tx
		.update(store.table)
		.set({ ...a.set, status: step.to } as never)
		.where(and(eq(store.id, a.key), eq(store.status, a.from)))
		.run();
	const subject = { type: wf.subjectType, id: a.subjectId ?? String(a.key) };
	if (r.changes !== 1) {
		const cur = tx.select({ s: store.status }).from(store.table).where(eq(store.id, a.key)).get() as
			{ s: string } | undefined;
		throw new Conflict(subject, cur?.s ?? null);
	}
	audit.record(tx, {
		actor: a.actor,
		action: `${wf.name}.${a.action}`,
		subject,
		from: a.from,
		to: step.to,
		note: a.note ?? null,
		before: a.before,
		after: a.after
	});
	return step.to;
}
