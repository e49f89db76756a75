/** The cells feature's manifest (what app.ts needs from it; see ../feature.ts). */
import type { Job } from '../scheduler';
import { runExpiry, runInfoReminders } from './reminders';

export { loadCellCriteria as seed } from './criteria';
export { fileAccess } from './service';

export const jobs: Job[] = [
	{ name: 'cells.expiry', everySeconds: 6 * 3600, run: (db) => void runExpiry(db) },
	// 补正: a reminder three days before the date the reviewer set
	{ name: 'cells.info_reminders', everySeconds: 6 * 3600, run: (db) => void runInfoReminders(db) }
];
