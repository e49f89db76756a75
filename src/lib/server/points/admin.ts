/**
 * Staff work on points: CSV import with a dry run (every row checked — coordinates, codes,
 * district bounds, opening hours — before anything is written; one bad row writes nothing), CSV
 * export, hide/show. Every change is audited.
 */
import Papa from 'papaparse';
import { eq, asc } from 'drizzle-orm';
import type { DB, Executor } from '../db';
import { points } from './schema';
import { pointsChanged } from './visible';
import { convert, inDistrict, type System } from './geo';
import { isValidHours } from './hours';
import { TYPE_CODES, MATERIAL_CODES, TOWN_CODES, type Point } from './service';
import * as audit from '../audit';
import { now } from '../clock';

export const CSV_COLUMNS = [
	'id',
	'name_zh',
	'name_en',
	'type',
	'materials',
	'address_zh',
	'address_en',
	'town',
	'lat',
	'lng',
	'coord_system',
	'opening_hours',
	'operator_zh',
	'operator_en',
	'phone',
	'notes_zh',
	'notes_en',
	'is_sample'
] as const;

export type RowErrorCode =
	| 'required'
	| 'bad_id'
	| 'duplicate_id'
	| 'unknown_type'
	| 'unknown_town'
	| 'unknown_material'
	| 'bad_number'
	| 'bad_coord_system'
	| 'outside_district'
	| 'bad_hours'
	| 'too_long';

export interface RowError {
	/** line number in the file (the header is line 1) */
	line: number;
	column: string;
	error: RowErrorCode;
	value: string;
}

export interface ImportPreview {
	rows: { line: number; id: string; name: string; action: 'create' | 'update' }[];
	errors: RowError[];
	/** problems with the file itself: not CSV, missing columns, empty */
	fileError: 'empty' | 'missing_columns' | 'too_many_rows' | null;
	missingColumns: string[];
}

const MAX_ROWS = 5000;

function parseRows(db: Executor, text: string): { preview: ImportPreview; values: (typeof points.$inferInsert)[] } {
	const preview: ImportPreview = { rows: [], errors: [], fileError: null, missingColumns: [] };
	const values: (typeof points.$inferInsert)[] = [];
	const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: 'greedy',
		transformHeader: (h) => h.trim().toLowerCase()
	});
	if (!parsed.data.length) {
		preview.fileError = 'empty';
		return { preview, values };
	}
	if (parsed.data.length > MAX_ROWS) {
		preview.fileError = 'too_many_rows';
		return { preview, values };
	}
	const required = ['id', 'name_zh', 'name_en', 'type', 'materials', 'address_zh', 'address_en', 'town', 'lat', 'lng'];
	preview.missingColumns = required.filter((c) => !(parsed.meta.fields ?? []).includes(c));
	if (preview.missingColumns.length) {
		preview.fileError = 'missing_columns';
		return { preview, values };
	}
	const existing = new Set(
		db
			.select({ id: points.id })
			.from(points)
			.all()
			.map((r) => r.id)
	);
	const seen = new Set<string>();
	parsed.data.forEach((raw, i) => {
		const line = i + 2;
		const before = preview.errors.length;
		const err = (column: string, error: RowErrorCode, value = '') =>
			preview.errors.push({ line, column, error, value: String(value).slice(0, 60) });
		const v = (k: string) => (raw[k] ?? '').trim();
		for (const k of required) if (!v(k)) err(k, 'required');
		for (const k of CSV_COLUMNS) if (v(k).length > 300) err(k, 'too_long');
		const id = v('id');
		if (id && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) err('id', 'bad_id', id);
		if (id && seen.has(id)) err('id', 'duplicate_id', id);
		seen.add(id);
		if (v('type') && !TYPE_CODES.includes(v('type'))) err('type', 'unknown_type', v('type'));
		if (v('town') && !TOWN_CODES.includes(v('town'))) err('town', 'unknown_town', v('town'));
		const materials = v('materials')
			.split(/[;,\s]+/)
			.filter(Boolean);
		for (const mat of materials) if (!MATERIAL_CODES.includes(mat)) err('materials', 'unknown_material', mat);
		const system = (v('coord_system') || 'wgs84').toLowerCase() as System;
		if (!['wgs84', 'gcj02', 'bd09'].includes(system)) err('coord_system', 'bad_coord_system', v('coord_system'));
		const lat = Number(v('lat'));
		const lng = Number(v('lng'));
		if (v('lat') && !Number.isFinite(lat)) err('lat', 'bad_number', v('lat'));
		if (v('lng') && !Number.isFinite(lng)) err('lng', 'bad_number', v('lng'));
		let wLat = lat;
		let wLng = lng;
		if (Number.isFinite(lat) && Number.isFinite(lng) && v('lat') && v('lng')) {
			if (['wgs84', 'gcj02', 'bd09'].includes(system)) [wLat, wLng] = convert(lat, lng, system, 'wgs84');
			if (!inDistrict(wLat, wLng)) err('lat', 'outside_district', `${v('lat')},${v('lng')}`);
		}
		const hours = v('opening_hours');
		if (hours && !isValidHours(hours)) err('opening_hours', 'bad_hours', hours);
		if (preview.errors.length > before) return;
		preview.rows.push({ line, id, name: v('name_zh'), action: existing.has(id) ? 'update' : 'create' });
		const notesZh = v('notes_zh');
		const notesEn = v('notes_en');
		values.push({
			id,
			nameZh: v('name_zh'),
			nameEn: v('name_en'),
			type: v('type'),
			materials,
			addressZh: v('address_zh'),
			addressEn: v('address_en'),
			townCode: v('town'),
			lat: Math.round(wLat * 1e6) / 1e6,
			lng: Math.round(wLng * 1e6) / 1e6,
			openingHours: hours || null,
			operatorZh: v('operator_zh') || null,
			operatorEn: v('operator_en') || null,
			phone: v('phone') || null,
			notes: notesZh || notesEn ? { zh: notesZh || notesEn, en: notesEn || notesZh } : null,
			isSample: ['1', 'true', 'yes'].includes(v('is_sample').toLowerCase()),
			// an exported file carries `hidden`; a file without the column keeps each point's current state
			hidden: v('hidden') ? ['1', 'true', 'yes'].includes(v('hidden').toLowerCase()) : undefined,
			source: 'staff',
			updatedAt: now()
		});
	});
	return { preview, values };
}

/**
 * CSV bytes to text: UTF-8 (with or without BOM) when valid, else GB18030 — what Excel on a
 * Chinese Windows saves by default — so names are never silently garbled.
 */
export function decodeCsv(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return new TextDecoder('gb18030').decode(bytes);
	}
}

/** Checks a CSV without writing anything. */
export function previewImport(db: Executor, text: string): ImportPreview {
	return parseRows(db, text).preview;
}

/**
 * Imports a CSV: re-checks every row and writes all of them in one transaction, or nothing when
 * any row (or the file) has a problem. Outcomes: ok with counts, or the preview with its errors.
 */
export function commitImport(
	db: DB,
	actorId: string,
	text: string
): { ok: true; created: number; updated: number } | { ok: false; preview: ImportPreview } {
	const { preview, values } = parseRows(db, text);
	if (preview.fileError || preview.errors.length) return { ok: false, preview };
	let created = 0;
	let updated = 0;
	pointsChanged();
	db.transaction((tx) => {
		for (const row of values) {
			const before = tx.select().from(points).where(eq(points.id, row.id)).get();
			if (before) {
				const { id: _id, updatedAt: _u, source: _s, ...set } = row;
				if (set.hidden === undefined) delete set.hidden;
				// an unchanged row (re-importing an export) writes nothing and is not audited
				if (
					Object.entries(set).every(([k, v]) => JSON.stringify(before[k as keyof typeof before]) === JSON.stringify(v))
				)
					continue;
				tx.update(points)
					.set({ ...set, source: 'staff', updatedAt: row.updatedAt })
					.where(eq(points.id, row.id))
					.run();
				updated++;
			} else {
				tx.insert(points)
					.values({ ...row, hidden: row.hidden ?? false })
					.run();
				created++;
			}
			audit.record(tx, {
				actor: { type: 'user', id: actorId },
				action: before ? 'point.update' : 'point.create',
				subject: { type: 'point', id: row.id },
				before: before ?? null,
				after: row,
				note: 'CSV import'
			});
		}
	});
	return { ok: true, created, updated };
}

export function exportCsv(db: Executor): string {
	const rows = db.select().from(points).orderBy(asc(points.townCode), asc(points.id)).all();
	return (
		'\uFEFF' +
		Papa.unparse({
			fields: [...CSV_COLUMNS, 'hidden'],
			data: rows.map((p) => [
				p.id,
				p.nameZh,
				p.nameEn,
				p.type,
				p.materials.join(';'),
				p.addressZh,
				p.addressEn,
				p.townCode,
				p.lat,
				p.lng,
				'wgs84',
				p.openingHours ?? '',
				p.operatorZh ?? '',
				p.operatorEn ?? '',
				p.phone ?? '',
				p.notes?.zh ?? '',
				p.notes?.en ?? '',
				p.isSample ? 'true' : 'false',
				p.hidden ? 'true' : 'false'
			])
		})
	);
}

export function listAll(db: Executor): Point[] {
	return db.select().from(points).orderBy(asc(points.townCode), asc(points.id)).all();
}

/** Hide a point from the public finder, or show it again. */
export function setHidden(db: DB, actorId: string, id: string, hidden: boolean): boolean {
	return db.transaction((tx) => {
		const cur = tx.select().from(points).where(eq(points.id, id)).get();
		if (!cur || cur.hidden === hidden) return false;
		tx.update(points).set({ hidden, source: 'staff', updatedAt: now() }).where(eq(points.id, id)).run();
		pointsChanged();
		audit.record(tx, {
			actor: { type: 'user', id: actorId },
			action: hidden ? 'point.hide' : 'point.show',
			subject: { type: 'point', id },
			from: cur.hidden ? 'hidden' : 'visible',
			to: hidden ? 'hidden' : 'visible'
		});
		return true;
	});
}
