/**
 * What a feature tells the app about itself, exported from its `index.ts` (its manifest) and
 * collected in `app.ts`: nothing is wired by import side effects.
 * - `seed`: load the feature's reviewed reference data into its tables, idempotently, at start-up;
 * - `seedInputs`: the data `seed` loads, when it is costly to load again: the seed is skipped while
 *   these inputs, the seed's code and the applied migrations are those of the last load;
 * - `jobs`: its scheduled housekeeping;
 * - `fileAccess`: who may see the stored files it owns, by the `feature` name the files carry;
 * - `retention`: one step of the daily retention run, returning what it removed, by name.
 */
import type { DB } from './db';
import type { Job } from './scheduler';
import type { AccessRule } from './files';

export type RetentionStep = (db: DB) => Promise<Record<string, number>> | Record<string, number>;

export interface Feature {
	seed?: (db: DB) => void;
	seedInputs?: () => unknown;
	jobs?: readonly Job[];
	fileAccess?: Readonly<Record<string, AccessRule>>;
	retention?: RetentionStep;
}
