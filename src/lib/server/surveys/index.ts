/** The surveys feature's manifest (what app.ts needs from it; see ../feature.ts). */
import type { Job } from '../scheduler';
import { purgeExpired } from './service';

export { retention } from './retention';

export const jobs: Job[] = [
	{ name: 'surveys.purge_unfinished', everySeconds: 3600, run: (db) => void purgeExpired(db) }
];
