import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import * as files from './index';
import { files as filesTable } from './schema';
import { config } from '../config';

let t: TestDb;
beforeEach(() => (t = createTestDb()), 60000);
afterEach(() => t.close());

/** A detailed photo (noise compresses badly, as real photos do), larger than the stored 2048 px. */
async function photo(): Promise<Buffer> {
	const w = 2400;
	const h = 1800;
	const px = Buffer.alloc(w * h * 3);
	for (let i = 0; i < px.length; i++) px[i] = (i * 7919 + ((i / 3) | 0) * 104729) % 251;
	return sharp(px, { raw: { width: w, height: h, channels: 3 } })
		.jpeg({ quality: 90 })
		.toBuffer();
}

describe('list thumbnails', () => {
	it('are 192×144 JPEGs a small fraction of the stored photo, made once and kept', async () => {
		const r = await files.prepare({ bytes: await photo(), name: 'p.jpg' }, 'image');
		if (!r.ok) throw new Error(r.error);
		const row = t.db.transaction((tx) => files.attach(tx, r.file, 'reports', '1'));
		const full = await files.read(row);
		const thumb = (await files.thumbnail(row))!;
		const meta = await sharp(thumb).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 192, 144]);
		expect(thumb.byteLength).toBeLessThan(30_000);
		expect(thumb.byteLength * 10).toBeLessThan(full.byteLength);
		// kept: the second request reads the same bytes from disk
		const kept = path.join(config.filesDir, 'thumbs', row.id.slice(0, 2), `${row.id}.jpg`);
		expect(fs.existsSync(kept)).toBe(true);
		expect((await files.thumbnail(row))!.equals(thumb)).toBe(true);
	});

	it('are not made for documents or evidence originals', async () => {
		const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
		const d = await files.prepare({ bytes: pdf, name: 'a.pdf' }, 'document');
		if (d.ok) {
			const row = t.db.transaction((tx) => files.attach(tx, d.file, 'notices', '1'));
			expect(await files.thumbnail(row)).toBeNull();
		}
		const o = await files.prepare({ bytes: await photo(), name: 'p.jpg' }, 'image');
		if (!o.ok) throw new Error(o.error);
		const original = { ...o.file, storagePath: path.join('originals', o.file.storagePath) };
		const row = t.db.transaction((tx) => files.attach(tx, original, 'reports', '1'));
		expect(await files.thumbnail(row)).toBeNull();
	});

	it('go with their photo: once the file row is gone, pruning removes the thumbnail at once', async () => {
		const r = await files.prepare({ bytes: await photo(), name: 'p.jpg' }, 'image');
		if (!r.ok) throw new Error(r.error);
		const row = t.db.transaction((tx) => files.attach(tx, r.file, 'reports', '1'));
		await files.thumbnail(row);
		const kept = path.join(config.filesDir, 'thumbs', row.id.slice(0, 2), `${row.id}.jpg`);
		await files.pruneOrphans(t.db);
		expect(fs.existsSync(kept)).toBe(true);
		t.db.delete(filesTable).where(eq(filesTable.id, row.id)).run();
		await files.pruneOrphans(t.db);
		expect(fs.existsSync(kept)).toBe(false);
	});
});
