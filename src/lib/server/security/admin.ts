/**
 * /admin/security: the security events an admin reads, filtered by event, person (email or user
 * id), address and dates (district days, both ends included). A filter that cannot be read is an
 * error on its field and lists nothing, never a 500; the values come back as typed.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { users } from '../auth/schema';
import { EVENTS, list, type Filter } from './index';
import { addDays, startOfDistrictDay } from '../../time/zone';

export const FIELDS = ['event', 'user', 'ip', 'from', 'to'] as const;
export const PAGE = 200;

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

export interface Row {
	id: number;
	at: number;
	event: string;
	/** the account's email when it still exists, else its id */
	user: string | null;
	ip: string | null;
	detail: [string, string][];
}

export function search(
	db: Executor,
	raw: Record<string, string | null>
): { values: Record<string, string>; errors: Record<string, string>; rows: Row[] } {
	const values = Object.fromEntries(FIELDS.map((k) => [k, (raw[k] ?? '').trim().slice(0, 254)]));
	const errors: Record<string, string> = {};
	const filter: Filter = {};
	if (values.event) {
		if ((EVENTS as readonly string[]).includes(values.event)) filter.event = values.event;
		else errors.event = 'choose';
	}
	if (values.user) {
		const byEmail = values.user.includes('@')
			? db.select({ id: users.id }).from(users).where(eq(users.email, values.user.toLowerCase())).get()
			: undefined;
		// an email nobody has matches nothing (the id filter below then finds no rows)
		filter.user = byEmail?.id ?? values.user;
	}
	if (values.ip) filter.ip = values.ip;
	for (const k of ['from', 'to'] as const) if (values[k] && !isDay(values[k])) errors[k] = 'bad_date';
	if (!errors.from && values.from) filter.from = startOfDistrictDay(values.from);
	if (!errors.to && values.to) filter.to = new Date(startOfDistrictDay(addDays(values.to, 1)).getTime() - 1);
	if (Object.keys(errors).length) return { values, errors, rows: [] };
	const found = list(db, filter, PAGE);
	const ids = [...new Set(found.flatMap((r) => (r.userId ? [r.userId] : [])))];
	const emails = new Map(
		ids.length
			? db
					.select({ id: users.id, email: users.email })
					.from(users)
					.where(inArray(users.id, ids))
					.all()
					.map((u) => [u.id, u.email])
			: []
	);
	return {
		values,
		errors,
		rows: found.map((r) => ({
			id: r.id,
			at: r.at.getTime(),
			event: r.event,
			user: r.userId ? (emails.get(r.userId) ?? r.userId) : null,
			ip: r.ip,
			detail: r.detail
				? Object.entries(JSON.parse(r.detail) as Record<string, unknown>).map(([k, v]) => [k, String(v)])
				: []
		}))
	};
}
