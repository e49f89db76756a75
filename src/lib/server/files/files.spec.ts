import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createTestDb, type TestDb } from '../testing/db';
import * as files from './index';
import { mayViewFile } from '../app';
import { config } from '../config';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());

/** A real JPEG with EXIF including a GPS position, as a phone would send. */
async function phonePhoto(): Promise<Buffer> {
	return sharp({ create: { width: 3000, height: 1500, channels: 3, background: '#3a7' } })
		.jpeg()
		.withExif({
			IFD0: { Make: 'PhoneCo', Model: 'X1' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 22/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 50/1 0/1' }
		})
		.toBuffer();
}

const MINIMAL_PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

describe('upload pipeline', () => {
	it('re-encodes a photo: metadata and GPS gone, size capped at 2048 px, stored under a random name', async () => {
		const input = await phonePhoto();
		expect((await sharp(input).metadata()).exif).toBeDefined();
		const r = await files.prepare({ bytes: input, name: '../../etc/IMG_0001.JPG' }, 'image');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const stored = fs.readFileSync(path.join(config.filesDir, r.file.storagePath));
		const meta = await sharp(stored).metadata();
		expect(meta.exif).toBeUndefined();
		expect(meta.width).toBe(2048);
		expect(r.file.originalName).toBe('IMG_0001.JPG');
		expect(r.file.storagePath).not.toContain('IMG');
		expect(r.file.id).toMatch(/^[a-z2-7]{32}$/);
	});

	it('keeps the original bytes apart as evidence when asked, with their SHA-256', async () => {
		const input = await phonePhoto();
		const r = await files.prepare({ bytes: input }, 'image', { keepOriginal: true });
		if (!r.ok || !r.original) throw new Error('expected an original');
		const orig = fs.readFileSync(path.join(config.filesDir, r.original.storagePath));
		expect(orig.equals(input)).toBe(true);
		expect(r.original.storagePath.startsWith('originals')).toBe(true);
		expect((await sharp(orig).metadata()).exif).toBeDefined();
		const pub = fs.readFileSync(path.join(config.filesDir, r.file.storagePath));
		expect((await sharp(pub).metadata()).exif).toBeUndefined();
	});

	it('refuses images over 40 megapixels and SVG, storing nothing', async () => {
		const huge = await sharp({ create: { width: 8000, height: 5001, channels: 3, background: '#fff' } })
			.jpeg({ quality: 10 })
			.toBuffer();
		expect(await files.prepare({ bytes: huge }, 'image')).toEqual({ ok: false, error: 'too_large' });
		const svg = Buffer.from(
			'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
		);
		expect(await files.prepare({ bytes: svg, name: 'x.svg' }, 'image')).toEqual({ ok: false, error: 'bad_type' });
		expect(fs.existsSync(config.filesDir) ? fs.readdirSync(config.filesDir) : []).toEqual([]);
	});

	it('sniffs the bytes, not the name: a script called photo.jpg is refused', async () => {
		const r = await files.prepare({ bytes: Buffer.from('<script>alert(1)</script>'), name: 'photo.jpg' }, 'image');
		expect(r).toEqual({ ok: false, error: 'bad_type' });
	});

	it('refuses empty and oversized files, and a PDF where an image is expected', async () => {
		expect(await files.prepare({ bytes: new Uint8Array() }, 'image')).toEqual({ ok: false, error: 'empty' });
		expect(await files.prepare({ bytes: await phonePhoto() }, 'image', { maxBytes: 100 })).toEqual({
			ok: false,
			error: 'too_large'
		});
		expect(await files.prepare({ bytes: MINIMAL_PDF }, 'image')).toEqual({ ok: false, error: 'bad_type' });
	});

	it('refuses a truncated image', async () => {
		const jpeg = await phonePhoto();
		const r = await files.prepare({ bytes: jpeg.subarray(0, 400) }, 'image');
		expect(r).toEqual({ ok: false, error: 'unreadable' });
	});

	it('keeps PDFs byte for byte and refuses a truncated one', async () => {
		const r = await files.prepare({ bytes: MINIMAL_PDF, name: '承诺书.pdf' }, 'document');
		expect(r.ok).toBe(true);
		if (r.ok) expect(fs.readFileSync(path.join(config.filesDir, r.file.storagePath)).equals(MINIMAL_PDF)).toBe(true);
		expect(await files.prepare({ bytes: MINIMAL_PDF.subarray(0, 60) }, 'document')).toEqual({
			ok: false,
			error: 'unreadable'
		});
	});

	it('serves nothing a feature has not allowed', async () => {
		const r = await files.prepare({ bytes: await phonePhoto() }, 'image');
		if (!r.ok) throw new Error('prepare failed');
		const row = t.db.transaction((tx) => files.attach(tx, r.file, 'unregistered-feature', 'x'));
		const rules = { 'test-public': () => true };
		expect(files.mayView(t.db, row, null, rules)).toBe(false);
		expect(mayViewFile(t.db, row, null)).toBe(false);
		const row2 = t.db.transaction((tx) => files.attach(tx, { ...r.file, id: 'a'.repeat(32) }, 'test-public', 'x'));
		expect(files.mayView(t.db, row2, null, rules)).toBe(true);
		expect(files.mayView(t.db, { ...row2, feature: 'toString' }, null, rules)).toBe(false);
		expect(files.get(t.db, '../secret')).toBeUndefined();
	});
});
