/**
 * The one upload pipeline. `prepare` has the bytes scanned by ClamAV when one is configured
 * (antivirus.ts), sniffs them (never trusting the name or the browser's type), re-encodes images
 * through sharp (auto-rotated, at most 2048 px, metadata — EXIF, GPS — dropped), checks PDFs,
 * and writes the result under FILES_DIR with a random name. Do this
 * before opening a transaction; then `attach` the file row inside it. Files are served only by
 * /files/[id], which asks the owning feature's access rule (its manifest's `fileAccess`).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import { eq, and } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { getDb, type Executor, type Tx } from '../db';
import * as security from '../security';
import * as antivirus from './antivirus';
import { files } from './schema';
import { config } from '../config';
import { now, nowMs } from '../clock';
import type { SessionUser } from '../auth/session';
import type { Job } from '../scheduler';

export type FileKind = 'image' | 'document';
export type FileError = 'empty' | 'too_large' | 'bad_type' | 'unreadable' | 'infected' | 'scan_unavailable';
export type StoredFile = typeof files.$inferSelect;

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heif', 'image/avif']);
const MAX_EDGE = 2048;
/** larger images are refused outright (decompression bombs, absurd panoramas) */
export const IMAGE_MAX_PIXELS = 40_000_000;

function randomName(): string {
	const b = new Uint8Array(20);
	crypto.getRandomValues(b);
	return encodeBase32LowerCaseNoPadding(b);
}

function cleanName(name: string | undefined): string | null {
	if (!name) return null;
	const base = path
		.basename(name)
		// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
		.replace(/[\u0000-\u001f"\\/<>:|?*]/g, '')
		.slice(0, 120);
	return base || null;
}

export interface PreparedFile {
	id: string;
	kind: FileKind;
	mime: string;
	size: number;
	width: number | null;
	height: number | null;
	sha256: string;
	storagePath: string;
	originalName: string | null;
}

/**
 * Checks and stores one upload. Outcomes: `{ ok: true, file }`, or `{ ok: false, error }` with
 * `empty`, `too_large` (over `maxBytes`, default UPLOAD_MAX_BYTES), `bad_type` (not an image /
 * not a PDF by its bytes), `unreadable` (claims to be an image or PDF but cannot be decoded),
 * `infected` (clamd found a signature in the bytes as received), `scan_unavailable` (a scanner is
 * configured but gave no verdict: refused, fail closed). Every refusal is an `upload.refused`
 * security event (in the process's database), with the address or user the caller names in `who`
 * and, for `infected`, the signature's name (never any of the file's content).
 */
export async function prepare(
	input: { bytes: Uint8Array; name?: string },
	kind: FileKind,
	opts: { maxBytes?: number; keepOriginal?: boolean; who?: { ip?: string | null; user?: string | null } } = {}
): Promise<{ ok: true; file: PreparedFile; original?: PreparedFile } | { ok: false; error: FileError }> {
	const scanned: { signature?: string; cause?: string } = {};
	const r = await check(input, kind, opts, scanned);
	if (!r.ok)
		security.record(getDb(), 'upload.refused', {
			ip: opts.who?.ip ?? null,
			user: opts.who?.user ?? null,
			detail: { reason: r.error, kind, bytes: input.bytes.byteLength, ...scanned }
		});
	return r;
}

async function check(
	input: { bytes: Uint8Array; name?: string },
	kind: FileKind,
	opts: { maxBytes?: number; keepOriginal?: boolean },
	scanned: { signature?: string; cause?: string }
): Promise<{ ok: true; file: PreparedFile; original?: PreparedFile } | { ok: false; error: FileError }> {
	const max = opts.maxBytes ?? config.uploadMaxBytes;
	if (input.bytes.byteLength === 0) return { ok: false, error: 'empty' };
	if (input.bytes.byteLength > max) return { ok: false, error: 'too_large' };
	// the bytes exactly as received, before anything parses or re-encodes them (and whatever
	// their name or type: an evidence original is kept byte for byte)
	const v = await antivirus.scan(input.bytes);
	if (v.verdict === 'infected') {
		scanned.signature = v.signature;
		return { ok: false, error: 'infected' };
	}
	if (v.verdict === 'unavailable') {
		scanned.cause = v.cause;
		return { ok: false, error: 'scan_unavailable' };
	}
	const sniffed = await fileTypeFromBuffer(input.bytes);
	let out: Buffer;
	let mime: string;
	let ext: string;
	let width: number | null = null;
	let height: number | null = null;
	if (kind === 'image') {
		if (!sniffed || !IMAGE_TYPES.has(sniffed.mime)) return { ok: false, error: 'bad_type' };
		try {
			const meta = await sharp(input.bytes).metadata();
			if ((meta.width ?? 0) * (meta.height ?? 0) > IMAGE_MAX_PIXELS) return { ok: false, error: 'too_large' };
		} catch {
			return { ok: false, error: 'unreadable' };
		}
		try {
			const { data, info } = await sharp(input.bytes, { failOn: 'error', limitInputPixels: 50_000_000 })
				.rotate()
				.resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
				// libjpeg-turbo, not mozjpeg: measured on a 1 MB photo, mozjpeg took 688 ms against 45 ms
				// for files 10–45% smaller; at the upload peak the 15× CPU matters more (bench/writes.mjs)
				.jpeg({ quality: 82, mozjpeg: false, optimiseCoding: true })
				.toBuffer({ resolveWithObject: true });
			out = data;
			width = info.width;
			height = info.height;
		} catch {
			return { ok: false, error: 'unreadable' };
		}
		mime = 'image/jpeg';
		ext = 'jpg';
	} else {
		if (sniffed?.mime !== 'application/pdf') return { ok: false, error: 'bad_type' };
		const tail = Buffer.from(input.bytes.subarray(Math.max(0, input.bytes.byteLength - 2048))).toString('latin1');
		if (!tail.includes('%%EOF')) return { ok: false, error: 'unreadable' };
		out = Buffer.from(input.bytes);
		mime = 'application/pdf';
		ext = 'pdf';
	}
	const file = await write(out, kind, mime, ext, width, height, cleanName(input.name));
	if (!opts.keepOriginal || kind !== 'image') return { ok: true, file };
	// the bytes exactly as received (evidence): stored apart, served only as an attachment to
	// whoever the owning feature allows (staff)
	const original = await write(
		Buffer.from(input.bytes),
		'image',
		sniffed!.mime,
		'bin',
		null,
		null,
		cleanName(input.name),
		'originals'
	);
	return { ok: true, file, original };
}

async function write(
	out: Buffer,
	kind: FileKind,
	mime: string,
	ext: string,
	width: number | null,
	height: number | null,
	originalName: string | null,
	area = ''
): Promise<PreparedFile> {
	const id = randomName();
	const rel = path.join(area, id.slice(0, 2), `${id}.${ext}`);
	const abs = path.join(config.filesDir, rel);
	// a folder made now must reach the disk too: fsync the folder that holds it
	const made = await fs.mkdir(path.dirname(abs), { recursive: true });
	if (made) await syncDir(path.dirname(made));
	await writeDurably(abs, out);
	return {
		id,
		kind,
		mime,
		size: out.byteLength,
		width,
		height,
		sha256: createHash('sha256').update(out).digest('hex'),
		storagePath: rel,
		originalName
	};
}

/**
 * Writes a new file and flushes it, and its folder entry, to disk before returning: the database
 * row that will point at it is committed with synchronous FULL, so the file must not be the part
 * a power cut loses. (A commit that never happens leaves an orphan, which pruneOrphans removes.)
 */
async function writeDurably(abs: string, bytes: Buffer): Promise<void> {
	const fh = await fs.open(abs, 'wx');
	try {
		await fh.writeFile(bytes);
		await fh.sync();
	} finally {
		await fh.close();
	}
	await syncDir(path.dirname(abs));
}

async function syncDir(dir: string): Promise<void> {
	const fh = await fs.open(dir, 'r');
	try {
		await fh.sync();
	} finally {
		await fh.close();
	}
}

/** Inside the caller's transaction: record a prepared file as belonging to `feature`/`ownerId`. */
export function attach(tx: Tx, file: PreparedFile, feature: string, ownerId: string | null): StoredFile {
	const row = { ...file, feature, ownerId, createdAt: now() };
	tx.insert(files).values(row).run();
	return row;
}

/** Remove prepared files whose transaction failed (nothing points at them). */
export async function discard(prepared: PreparedFile[]): Promise<void> {
	await Promise.all(prepared.map((f) => fs.rm(path.join(config.filesDir, f.storagePath), { force: true })));
}

export function get(db: Executor, id: string): StoredFile | undefined {
	if (!/^[a-z2-7]{32}$/.test(id)) return undefined;
	return db.select().from(files).where(eq(files.id, id)).get();
}

export function listFor(db: Executor, feature: string, ownerId: string): StoredFile[] {
	return db
		.select()
		.from(files)
		.where(and(eq(files.feature, feature), eq(files.ownerId, ownerId)))
		.all();
}

export async function read(file: StoredFile): Promise<Buffer> {
	return fs.readFile(path.join(config.filesDir, file.storagePath));
}

// ---------- thumbnails ----------

/**
 * List thumbnails (the public /reports list and the staff queue show photos at 96×72 CSS px at
 * most): 192×144 px, cropped to fill, so a 2× screen stays sharp while a list of 100 reports
 * loads kilobytes per photo instead of the 2048 px image. Made on first request from the stored
 * (already cleaned) image and kept under `thumbs/` as a cache: never backed up, and removed by
 * pruneOrphans once its file is gone.
 */
export const THUMB = { width: 192, height: 144 } as const;

const thumbPath = (id: string) => path.join('thumbs', id.slice(0, 2), `${id}.jpg`);

/** The thumbnail of a stored image (JPEG), or null for documents and evidence originals. */
export async function thumbnail(file: StoredFile): Promise<Buffer | null> {
	if (file.kind !== 'image' || file.storagePath.startsWith('originals')) return null;
	const abs = path.join(config.filesDir, thumbPath(file.id));
	const kept = await fs.readFile(abs).catch(() => null);
	if (kept) return kept;
	const out = await sharp(await read(file))
		.resize({ ...THUMB, fit: 'cover', withoutEnlargement: false })
		.jpeg({ quality: 72, mozjpeg: true })
		.toBuffer();
	// a cache: written whole under a temporary name, then renamed, so a reader never sees half of it
	await fs.mkdir(path.dirname(abs), { recursive: true });
	const tmp = `${abs}.${randomName()}.tmp`;
	await fs.writeFile(tmp, out);
	await fs.rename(tmp, abs);
	return out;
}

// ---------- access ----------

/** A feature's answer to "may this user (or visitor) see this file?" */
export type AccessRule = (db: Executor, file: StoredFile, user: SessionUser | null) => boolean;

/**
 * Unknown features see nothing: a file is private unless its feature says otherwise. `rules` are
 * the features' `fileAccess` (app.ts collects them: `app.mayViewFile`).
 */
export function mayView(
	db: Executor,
	file: StoredFile,
	user: SessionUser | null,
	rules: Readonly<Record<string, AccessRule>>
): boolean {
	const rule = Object.hasOwn(rules, file.feature) ? rules[file.feature] : undefined;
	return rule ? rule(db, file, user) : false;
}

/**
 * Files prepared but never attached to a record for a day are removed (scheduled), and so are
 * thumbnails whose file is gone (at once: a photo erased must not live on as its thumbnail).
 */
export async function pruneOrphans(db: Executor, dir = config.filesDir): Promise<number> {
	let removed = 0;
	const rows = db.select({ id: files.id, p: files.storagePath }).from(files).all();
	const known = new Set(rows.map((r) => r.p));
	const cutoff = nowMs() - 86400000;
	let subdirs: string[] = [];
	try {
		subdirs = await fs.readdir(dir);
	} catch {
		return 0;
	}
	for (const sub of subdirs) {
		if (sub === 'originals') {
			removed += await pruneOrphans(db, path.join(dir, 'originals'));
			continue;
		}
		if (sub === 'thumbs' && dir === config.filesDir) {
			removed += await pruneThumbs(new Set(rows.map((r) => r.id)));
			continue;
		}
		const entries = await fs.readdir(path.join(dir, sub)).catch(() => [] as string[]);
		for (const name of entries) {
			const rel = path.relative(config.filesDir, path.join(dir, sub, name));
			if (known.has(rel)) continue;
			const st = await fs.stat(path.join(config.filesDir, rel)).catch(() => null);
			if (st && st.mtimeMs < cutoff) {
				await fs.rm(path.join(config.filesDir, rel), { force: true });
				removed++;
			}
		}
	}
	return removed;
}

async function pruneThumbs(ids: Set<string>): Promise<number> {
	let removed = 0;
	const root = path.join(config.filesDir, 'thumbs');
	for (const sub of await fs.readdir(root).catch(() => [] as string[]))
		for (const name of await fs.readdir(path.join(root, sub)).catch(() => [] as string[])) {
			const id = name.split('.')[0];
			// a thumbnail still being written (.tmp) is left to its writer
			if (ids.has(id) || name.endsWith('.tmp')) continue;
			await fs.rm(path.join(root, sub, name), { force: true });
			removed++;
		}
	return removed;
}

export const jobs: Job[] = [
	{ name: 'files.prune_orphans', everySeconds: 6 * 3600, run: (db) => pruneOrphans(db).then(() => undefined) }
];
