/**
 * Expiry housekeeping, run daily by the scheduler: reminders at 90 and 30 days before a
 * certificate expires (through the outbox, each sent once by its dedupe key) and the `expire`
 * transition once the date has passed. Validity is also computed at every read, so a late run
 * never shows an expired certificate as valid.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { DB } from '../db';
import { cellApplications } from './schema';
import { organisations } from '../auth/schema';
import * as outbox from '../outbox';
import * as service from './service';
import { nowMs } from '../clock';
import { districtDay } from '../../time/zone';
import { m } from '$lib/paraglide/messages';

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
			for (const email of service.orgEmails(tx, app.orgId)) {
				const ok = outbox.enqueue(tx, {
					channel: 'email',
					recipient: email,
					subject: m.cell_reminder_subject({ days: due, certNo: app.certNo ?? '' }, { locale: 'zh-CN' }),
					body: m.cell_reminder_body({ org: orgName, type: type?.zh ?? app.cellType, day }, { locale: 'zh-CN' }),
					dedupeKey: `cell:${app.id}:expiry${due}:${email}`
				});
				if (ok) reminded++;
			}
		});
	}
	return { reminded, expired };
}
