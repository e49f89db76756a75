/** The platform's own housekeeping jobs. Features register theirs next to their services. */
import { register } from './index';
import * as outbox from '../outbox';
import { pruneSessions } from '../auth/session';
import * as rateLimit from '../rate-limit';
import * as files from '../files';
import { runRetention } from '../privacy/retention';
import { runExpiry, runInfoReminders } from '../cells/reminders';
import { purgeExpired as purgeSurveyDrafts } from '../surveys/service';
import { pruneTokens } from '../auth/lifecycle';
import * as reportMessages from '../reports/messages';

let done = false;
export function registerPlatformJobs(): void {
	if (done) return;
	done = true;
	register({ name: 'outbox.deliver', everySeconds: 30, run: (db) => outbox.deliverDue(db).then(() => undefined) });
	register({ name: 'sessions.prune', everySeconds: 3600, run: (db) => void pruneSessions(db) });
	register({ name: 'rate_limits.prune', everySeconds: 3600, run: (db) => void rateLimit.prune(db, 2 * 86400000) });
	register({ name: 'privacy.retention', everySeconds: 86400, run: (db) => runRetention(db).then(() => undefined) });
	register({ name: 'cells.expiry', everySeconds: 6 * 3600, run: (db) => void runExpiry(db) });
	register({ name: 'cells.info_reminders', everySeconds: 6 * 3600, run: (db) => void runInfoReminders(db) });
	register({
		name: 'reports.staff_digest',
		at: '08:30',
		workingDays: true,
		run: (db) => void reportMessages.digest(db)
	});
	register({ name: 'reports.deadlines', everySeconds: 3600, run: (db) => void reportMessages.deadlines(db) });
	register({ name: 'outbox.prune_bodies', everySeconds: 86400, run: (db) => void outbox.pruneBodies(db) });
	register({ name: 'surveys.purge_unfinished', everySeconds: 3600, run: (db) => void purgeSurveyDrafts(db) });
	register({ name: 'account_tokens.prune', everySeconds: 6 * 3600, run: (db) => void pruneTokens(db) });
	register({
		name: 'files.prune_orphans',
		everySeconds: 6 * 3600,
		run: (db) => files.pruneOrphans(db).then(() => undefined)
	});
}
