// Types for scripts/launch.mjs (plain JavaScript, so `npm start` and the benchmarks run it with node).
import type { ChildProcess } from 'node:child_process';

export function buildIsStale(): boolean;
export function ensureBuild(opts?: { force?: boolean }): boolean;
export function freePort(): Promise<number>;
export function serverEnv(opts?: {
	port?: number | string;
	dir?: string;
	test?: boolean;
	env?: Record<string, string>;
}): Record<string, string | undefined>;
export interface Launched {
	child: ChildProcess;
	origin: string;
	port: number;
	startupMs: number;
	stderr: () => string;
	exited: Promise<void>;
	stop: (signal?: NodeJS.Signals) => Promise<void>;
}
export function launch(opts: {
	env: Record<string, string | undefined>;
	stdio?: 'pipe' | 'inherit';
	timeoutMs?: number;
	echo?: boolean;
}): Promise<Launched>;
