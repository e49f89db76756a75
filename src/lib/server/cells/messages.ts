/**
 * What an organisation hears about its 无废细胞 application, each user by their preferences
 * (/account): received, 补正 requested and its reminder, 公示 started, objection received, the
 * decision, revocation, expiry reminders. Runs inside the transaction of the change.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor, Tx } from '../db';
import type { cellApplications } from './schema';
import { users } from '../auth/schema';
import { notifyUser } from '../outbox/notify';
import { districtDay } from '../../time/zone';
import { getVersion } from './criteria';
import type { Locale } from '../outbox/templates';
import { nameIn } from '$lib/text';

type Application = typeof cellApplications.$inferSelect;

export function orgUsers(db: Executor, orgId: string): string[] {
	return db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.orgId, orgId), isNull(users.disabledAt)))
		.all()
		.map((u) => u.id);
}

const appPath = (id: number) => `/cells/apply/${id}`;

/** After a reviewer's (or the system's) step; `app` is the row as updated. */
export function transitioned(tx: Tx, app: Application, action: string, orgName: string, reason: string | null): void {
	const caseNo = app.caseNo ?? String(app.id);
	const link = appPath(app.id);
	const key = `cell:${app.id}:${action}:${app.updatedAt.getTime()}`;
	const send = (tpl: Parameters<typeof notifyUser>[2], params: Parameters<typeof notifyUser>[3]) => {
		for (const u of orgUsers(tx, app.orgId)) notifyUser(tx, u, tpl, params, { dedupeKey: `${key}:${u}` });
	};
	if (action === 'submit') send('cell.received', { caseNo, org: orgName, link });
	if (action === 'request_info')
		send('cell.info_requested', (l) => ({
			caseNo,
			items: itemNames(tx, app, l),
			due: app.infoDueDay ?? '',
			reason: reason ?? '',
			link
		}));
	if (action === 'publish_notice')
		send('cell.notice_started', { caseNo, ends: app.noticeEndsAt ? districtDay(app.noticeEndsAt) : '', link });
	if (action === 'certify')
		send('cell.certified', {
			certNo: app.certNo ?? '',
			org: orgName,
			expires: app.expiresAt ? districtDay(app.expiresAt) : '',
			link: `${link}/certificate`
		});
	if (action === 'reject') send('cell.rejected', { caseNo, reason: reason ?? '', link });
	if (action === 'revoke') send('cell.revoked', { certNo: app.certNo ?? '', reason: reason ?? '', link });
}

/** The items reopened for 补正 by name in the reader's language (what to fix), never the internal codes. */
function itemNames(db: Executor, app: Application, l: Locale): string {
	const criteria = getVersion(db, app.criteriaVersionId)?.definition.criteria ?? [];
	return (app.reopened ?? [])
		.map((id) => {
			const c = criteria.find((x) => x.id === id);
			return c ? nameIn(c, l) : id;
		})
		.join(l === 'en' ? '; ' : '、');
}

export function objectionReceived(tx: Tx, app: Application, objectionId: number): void {
	for (const u of orgUsers(tx, app.orgId))
		notifyUser(
			tx,
			u,
			'cell.objection',
			{ caseNo: app.caseNo ?? String(app.id), link: appPath(app.id) },
			{ dedupeKey: `cell:${app.id}:objection:${objectionId}:${u}` }
		);
}

/** The 补正 reminder, three days before the date (once per application and date). */
export function infoReminder(tx: Tx, app: Application): number {
	let n = 0;
	for (const u of orgUsers(tx, app.orgId))
		n += notifyUser(
			tx,
			u,
			'cell.info_reminder',
			{ caseNo: app.caseNo ?? String(app.id), due: app.infoDueDay ?? '', link: appPath(app.id) },
			{ dedupeKey: `cell:${app.id}:info_reminder:${app.infoDueDay}:${u}` }
		);
	return n;
}
