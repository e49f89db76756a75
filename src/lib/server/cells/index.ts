/** The cells feature's manifest (what app.ts needs from it; see ../feature.ts). */
import type { Job } from '../scheduler';
import { runExpiry } from './reminders';

export { loadCellCriteria as seed } from './criteria';
export { fileAccess } from './service';

export const jobs: Job[] = [{ name: 'cells.expiry', everySeconds: 6 * 3600, run: (db) => void runExpiry(db) }];
