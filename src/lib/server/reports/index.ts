/** The reports feature's manifest (what app.ts needs from it; see ../feature.ts). */
import type { Job } from '../scheduler';
import * as messages from './messages';

export { loadReportReference as seed } from './reference';
export { fileAccess } from './service';
export { retention } from './retention';

export const jobs: Job[] = [
	// the department's non-urgent new reports, at 08:30 Beijing time on working days
	{ name: 'reports.staff_digest', at: '08:30', workingDays: true, run: (db) => void messages.digest(db) },
	// "due within a day" and "overdue", to the department (and admin for overdue)
	{ name: 'reports.deadlines', everySeconds: 3600, run: (db) => void messages.deadlines(db) }
];
