/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): discovery, services, requests
 * (GET with the spec's filters; POST with an API key), in JSON and XML. service_code is the report
 * category, service_request_id the tracking code. Positions are the public, coarsened ones;
 * reporter contact is never returned. States: pending, accepted, assigned, in_progress,
 * transferred → open; resolved, rejected, duplicate → closed.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, lte, inArray, isNull } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { DB, Executor } from '../db';
import { apiKeys, reports, reportEvents, reportPhotos, reportZones } from './schema';
import { coarsen, type Report } from './service';
import { isOpen } from './workflow';
import * as audit from '../audit';
import { now } from '../clock';
import { DEPARTMENTS, REPORT_CATEGORIES, TOWNS } from '../reference';
import { z } from 'zod';
import { one } from '../forms';

export type Format = 'json' | 'xml';

// ---------- keys ----------

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Issues a key; returns it once (only its hash is stored). */
export function issueKey(db: DB, actorId: string, name: string): { id: number; key: string } {
	const b = new Uint8Array(20);
	crypto.getRandomValues(b);
	const key = encodeBase32LowerCaseNoPadding(b);
	return db.transaction((tx) => {
		const row = tx
			.insert(apiKeys)
			.values({
				name: name.trim().slice(0, 80) || 'client',
				keyHash: hashKey(key),
				createdAt: now(),
				createdBy: actorId
			})
			.returning({ id: apiKeys.id })
			.get();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: 'api_key.issue',
			subject: { type: 'api_key', id: String(row.id) },
			note: name
		});
		return { id: row.id, key };
	});
}

export function revokeKey(db: DB, actorId: string, id: number): boolean {
	return db.transaction((tx) => {
		const n = tx
			.update(apiKeys)
			.set({ revokedAt: now() })
			.where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
			.run().changes;
		if (n)
			audit.record(tx, {
				actor: { type: 'user', id: actorId },
				action: 'api_key.revoke',
				subject: { type: 'api_key', id: String(id) }
			});
		return n === 1;
	});
}

export function keys(db: Executor) {
	return db
		.select({ id: apiKeys.id, name: apiKeys.name, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt })
		.from(apiKeys)
		.orderBy(desc(apiKeys.id))
		.all();
}

export function checkKey(db: Executor, key: string | null): number | null {
	if (!key || key.length > 100) return null;
	const row = db
		.select()
		.from(apiKeys)
		.where(eq(apiKeys.keyHash, hashKey(key)))
		.get();
	return row && !row.revokedAt ? row.id : null;
}

// ---------- serialisation ----------

const esc = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

/** Plain XML for the spec's documents: arrays become repeated child elements named `item`. */
export function toXml(root: string, item: string, value: Value): string {
	const el = (name: string, v: Value): string => {
		if (v === null || v === undefined) return `<${name}/>`;
		if (Array.isArray(v))
			return `<${name}>${v.map((x) => el(item === name ? 'item' : singularOf(name), x)).join('')}</${name}>`;
		if (typeof v === 'object')
			return `<${name}>${Object.entries(v)
				.map(([k, x]) => el(k, x))
				.join('')}</${name}>`;
		return `<${name}>${esc(String(v))}</${name}>`;
	};
	const body = Array.isArray(value)
		? value.map((v) => el(item, v)).join('')
		: Object.entries(value as Record<string, Value>)
				.map(([k, v]) => el(k, v))
				.join('');
	return `<?xml version="1.0" encoding="utf-8"?><${root}>${body}</${root}>`;
}
const singularOf = (name: string) =>
	({ endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value', keywords: 'keyword' })[name] ??
	'item';

export function errors(list: { code: number; description: string }[], format: Format): { body: string; type: string } {
	return format === 'json'
		? { body: JSON.stringify(list), type: 'application/json; charset=utf-8' }
		: { body: toXml('errors', 'error', list), type: 'text/xml; charset=utf-8' };
}

/** ISO 8601 with +08:00, as the district's practice and the spec's examples write it. */
export function iso(d: Date | null | undefined): string | null {
	if (!d) return null;
	const s = new Date(d.getTime() + 8 * 3600000).toISOString().replace(/\.\d{3}Z$/, '');
	return `${s}+08:00`;
}

// ---------- documents ----------

export function discovery(origin: string) {
	return {
		changeset: '2026-11-28T00:00:00+08:00',
		contact: 'Miyun District Ecology and Environment Bureau (北京市密云区生态环境局)',
		key_service: `${origin}/admin/api-keys`,
		endpoints: [
			{
				specification: 'http://wiki.open311.org/GeoReport_v2',
				url: `${origin}/open311/v2`,
				changeset: '2026-11-28T00:00:00+08:00',
				type: 'production',
				formats: ['application/json', 'text/xml']
			}
		]
	};
}

export function services() {
	return REPORT_CATEGORIES.map((c) => ({
		service_code: c.code,
		service_name: c.en,
		description: `${c.zh} / ${c.en}`,
		metadata: false,
		type: 'realtime',
		keywords: c.zh,
		group: 'waste'
	}));
}

export interface RequestFilters {
	ids: string[];
	serviceCodes: string[];
	start: Date | null;
	end: Date | null;
	status: 'open' | 'closed' | null;
}

export function parseRequestFilters(
	q: URLSearchParams
): { ok: true; f: RequestFilters } | { ok: false; description: string } {
	const list = (k: string) =>
		(q.get(k) ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	const date = (k: string) => {
		const v = q.get(k);
		if (!v) return null;
		const d = new Date(v);
		return Number.isNaN(d.getTime()) ? undefined : d;
	};
	const start = date('start_date');
	const end = date('end_date');
	if (start === undefined || end === undefined)
		return { ok: false, description: 'start_date and end_date must be ISO 8601 datetimes' };
	const status = q.get('status');
	if (status && status !== 'open' && status !== 'closed')
		return { ok: false, description: 'status must be open or closed' };
	const serviceCodes = list('service_code');
	for (const c of serviceCodes)
		if (!REPORT_CATEGORIES.some((x) => x.code === c))
			return { ok: false, description: `unknown service_code ${c.slice(0, 40)}` };
	return {
		ok: true,
		f: {
			ids: list('service_request_id').slice(0, 100),
			serviceCodes,
			start: start ?? null,
			end: end ?? null,
			status: (status as 'open' | 'closed' | null) ?? null
		}
	};
}

/** The spec's defaults: the last 90 days when no dates are given, at most 1000 requests. */
export function findRequests(db: Executor, f: RequestFilters): Report[] {
	const conds = [eq(reports.hidden, false), eq(reports.isDemo, false)];
	if (f.ids.length)
		conds.push(
			inArray(
				reports.code,
				f.ids.map((s) => s.toUpperCase())
			)
		);
	else {
		const end = f.end ?? now();
		const start = f.start ?? new Date(end.getTime() - 90 * 86400000);
		conds.push(gte(reports.createdAt, start), lte(reports.createdAt, end));
	}
	if (f.serviceCodes.length) conds.push(inArray(reports.category, f.serviceCodes));
	let rows = db
		.select()
		.from(reports)
		.where(and(...conds))
		.orderBy(desc(reports.id))
		.limit(1000)
		.all();
	if (f.status) rows = rows.filter((r) => (isOpen(r.status) ? 'open' : 'closed') === f.status);
	return rows;
}

/**
 * Requests in the spec's shape. Zones, timelines and photos are read in one query each for the
 * whole list (a GET may return 1000 requests), not once per request.
 */
export function serialiseRequests(db: Executor, rows: Report[], origin: string) {
	if (!rows.length) return [];
	const ids = rows.map((r) => r.id);
	const zones = new Map(
		db
			.select()
			.from(reportZones)
			.all()
			.map((z) => [z.code, z])
	);
	const events = db
		.select()
		.from(reportEvents)
		.where(inArray(reportEvents.reportId, ids))
		.orderBy(desc(reportEvents.id))
		.all();
	const photos = db
		.select()
		.from(reportPhotos)
		.where(and(inArray(reportPhotos.reportId, ids), eq(reportPhotos.hidden, false)))
		.orderBy(asc(reportPhotos.id))
		.all();
	return rows.map((r) => {
		const cat = REPORT_CATEGORIES.find((c) => c.code === r.category);
		const dept = DEPARTMENTS.find((d) => d.code === r.departmentCode);
		const zone = r.zoneCode ? zones.get(r.zoneCode) : undefined;
		const town = TOWNS.find((t) => t.code === r.townCode);
		const mine = events.filter((e) => e.reportId === r.id);
		const note = mine.find((e) => e.publicNote)?.publicNote ?? null;
		const photo = photos.find((p) => p.reportId === r.id);
		const pos = coarsen(r.lat, r.lng, r.category);
		return {
			service_request_id: r.code,
			status: isOpen(r.status) ? 'open' : 'closed',
			status_notes: note,
			service_name: cat?.en ?? r.category,
			service_code: r.category,
			description: r.description,
			agency_responsible: dept ? `${dept.zh} ${dept.en}` : null,
			service_notice: null,
			requested_datetime: iso(r.createdAt),
			updated_datetime: iso(mine[0]?.at ?? r.createdAt),
			expected_datetime: r.dueAt ? iso(r.dueAt) : null,
			address: zone ? zone.zh : town ? town.zh : null,
			address_id: null,
			zipcode: null,
			lat: pos.lat,
			long: pos.lng,
			media_url: photo ? `${origin}/files/${photo.fileId}` : null
		};
	});
}

const trimmed = () => one(z.string().transform((v) => v.trim()));

/**
 * A POST request's fields as the route reads them (forms.ts `formValues`): each one value, trimmed,
 * '' when absent. The report service checks category, place and text; the route checks the key and
 * that a position was given.
 */
export const postSchema = z.object({
	api_key: trimmed(),
	service_code: trimmed(),
	lat: trimmed(),
	long: trimmed(),
	description: trimmed(),
	first_name: trimmed(),
	last_name: trimmed(),
	email: trimmed(),
	phone: trimmed()
});

/** The form fields the spec defines for POST requests; anything else is refused. */
export const POST_FIELDS = new Set([
	'api_key',
	'jurisdiction_id',
	'service_code',
	'lat',
	'long',
	'address_string',
	'address_id',
	'email',
	'device_id',
	'account_id',
	'first_name',
	'last_name',
	'phone',
	'description',
	'media_url'
]);
