// Pieces the system tests (crash, backup, soak) share: a small real JPEG, a report posted the way
// the /report form posts it, and read-only checks on a harness server's database and file store.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import Database from 'better-sqlite3';

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A small photo (64×48, random noise, so every one is different), as a camera would send: JPEG. */
export async function jpeg(): Promise<Buffer> {
	return sharp({
		create: {
			width: 64,
			height: 48,
			channels: 3,
			background: '#808080',
			noise: { type: 'gaussian', mean: 128, sigma: 40 }
		}
	})
		.jpeg({ quality: 80 })
		.toBuffer();
}

/**
 * Posts the report form (multipart, with the site's Origin, "send anyway" past the duplicate
 * prompt). The form acknowledges a filed report with 303 → /report/track/CODE?new=1; `code` is
 * that tracking code, null for any other answer.
 */
export async function postReport(
	origin: string,
	photo: Buffer,
	n: number
): Promise<{ status: number; code: string | null }> {
	const fd = new FormData();
	fd.set('category', 'litter');
	fd.set('description', `System test report ${n}: litter by the road`);
	fd.set('place', 'town:miyun_zhen');
	fd.set('confirmNew', '1');
	fd.append('photos', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), `p${n}.jpg`);
	const r = await fetch(`${origin}/report`, {
		method: 'POST',
		body: fd,
		headers: { origin, accept: 'text/html,application/xhtml+xml' },
		redirect: 'manual'
	});
	await r.arrayBuffer();
	const m = /\/report\/track\/([2-9A-HJ-NP-Z]{8})\?new=1$/.exec(r.headers.get('location') ?? '');
	return { status: r.status, code: r.status === 303 && m ? m[1] : null };
}

export type StoredPhoto = {
	code: string;
	fileId: string;
	storagePath: string;
	sha256: string;
	originalId: string | null;
	originalPath: string | null;
	originalSha: string | null;
};

/** Every report with its before-photos (public copy and original), read from the database file. */
export function storedReports(dbPath: string): Map<string, StoredPhoto[]> {
	const db = new Database(dbPath, { readonly: true });
	try {
		const rows = db
			.prepare(
				`select r.code, f.id as fileId, f.storage_path as storagePath, f.sha256, o.id as originalId, o.storage_path as originalPath, o.sha256 as originalSha
				 from reports r left join report_photos p on p.report_id = r.id and p.stage = 'before'
				 left join files f on f.id = p.file_id left join files o on o.id = p.original_file_id`
			)
			.all() as StoredPhoto[];
		const out = new Map<string, StoredPhoto[]>();
		for (const row of rows) out.set(row.code, [...(out.get(row.code) ?? []), ...(row.fileId ? [row] : [])]);
		return out;
	} finally {
		db.close();
	}
}

export function integrityCheck(dbPath: string): string {
	const db = new Database(dbPath, { readonly: true });
	try {
		return (db.prepare('pragma integrity_check').all() as { integrity_check: string }[])
			.map((r) => r.integrity_check)
			.join('; ');
	} finally {
		db.close();
	}
}

/** sha256 of a stored file, or null when it is not on disk. */
export function fileSha(filesDir: string, rel: string): string | null {
	const p = path.join(filesDir, rel);
	return fs.existsSync(p) ? sha256(fs.readFileSync(p)) : null;
}

/** Every file under the store, relative to it. */
export function listFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(dir, p)).isFile());
}
