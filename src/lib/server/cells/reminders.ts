/**
 * Expiry housekeeping, run daily by the scheduler: reminders at 90 and 30 days before a
 * certificate expires (through the outbox, each sent once by its dedupe key) and the `expire`
 * transition once the date has passed. Validity is also computed at every read, so a late run
 * never shows an expired certificate as valid.
 */
import { and, eq, gte, isNotNull, lte } from 'drizzle-orm';
import type { DB } from '../db';
import { cellApplications } from './schema';
import { organisations } from '../auth/schema';
import { notifyUser } from '../outbox/notify';
import * as messages from './messages';
import * as service from './service';
import { now, nowMs } from '../clock';
import { districtDay } from '../../time/zone';
import { nameIn } from '$lib/text';

export const REMIND_DAYS = [90, 30] as const;
const DAY = 86400000;

export function runExpiry(db: DB): { reminded: number; expired: number } {
	let reminded = 0;
	let expired = 0;
	const rows = db
		.select({ app: cellApplications, orgName: organisations.name })
		.from(cellApplications)
		.innerJoin(organisations, eq(organisations.id, cellApplications.orgId))
		.where(and(eq(cellApplications.status, 'certified'), isNotNull(cellApplications.expiresAt)))
		.all();
	for (const { app, orgName } of rows) {
		const left = app.expiresAt!.getTime() - nowMs();
		if (left <= 0) {
			if (service.transition(db, 'system', app.id, 'expire').ok) expired++;
			continue;
		}
		// the nearest threshold only: a certificate found at 20 days gets the 30-day reminder, not both
		const due = [...REMIND_DAYS].reverse().find((d) => left <= d * DAY);
		if (!due) continue;
		const day = districtDay(app.expiresAt!);
		const type = service.cellType(app.cellType);
		db.transaction((tx) => {
			for (const u of messages.orgUsers(tx, app.orgId))
				reminded += notifyUser(
					tx,
					u,
					'cell.expiry',
					(l) => ({
						days: due,
						certNo: app.certNo ?? '',
						org: orgName,
						type: (type && nameIn(type, l)) ?? app.cellType,
						day
					}),
					{ dedupeKey: `cell:${app.id}:expiry${due}:${u}` }
				);
		});
	}
	return { reminded, expired };
}

/** 补正 reminders three days before the date the reviewers set (each sent once per date). */
export function runInfoReminders(db: DB): number {
	const today = districtDay(now());
	const soon = districtDay(new Date(nowMs() + 3 * DAY));
	let n = 0;
	const apps = db
		.select()
		.from(cellApplications)
		.where(
			and(
				eq(cellApplications.status, 'info_requested'),
				gte(cellApplications.infoDueDay, today),
				lte(cellApplications.infoDueDay, soon)
			)
		)
		.all();
	for (const app of apps) db.transaction((tx) => (n += messages.infoReminder(tx, app)));
	return n;
}
