// Hostile files through every upload: the report photo, a photo added on the reporter's own page, 无废细胞
// evidence (an organisation's application) and a notice's attachment (staff). Each must be refused
// with a 4xx, leave no row and no file behind, and leave the server answering. What is accepted comes
// back re-encoded without EXIF/GPS; documents and evidence originals are served as attachments.
import { test, expect } from './kit';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { startServer, type Server } from './harness';
import { Visitor, Snapshot, changed, addUserTo, signIn, registerOrg, jpeg } from './sec-kit';

let server: Server;
let snap: Snapshot;
let reportKey = '';
let staff: Visitor;
let org: Visitor;
let appId = 0;

const big = '100000/3600';
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(120000);
	server = await startServer({
		// refusals must come from the file checks, not the per-address limits
		env: {
			RATE_LIMIT_REPORT_HOUR: big,
			RATE_LIMIT_REPORT_DAY: big,
			RATE_LIMIT_ANON_WRITE: big,
			RATE_LIMIT_REPORT_KEY: big
		}
	});
	snap = new Snapshot(server.dbPath);
	const photo = await jpeg();
	const reporter = new Visitor(server.origin);
	const r = await submitReport(reporter, new File([new Uint8Array(photo)], 'ok.jpg', { type: 'image/jpeg' }));
	expect(r.status).toBe(303);
	// the confirmation page shows the reporter's private link once
	reportKey = /\/report\/mine\/([A-Za-z0-9_-]{32})/.exec((await reporter.get(r.location)).text)![1];
	staff = await signIn(server, await addUserTo(server, 'staff', 'ecology_environment'));
	org = (await registerOrg(server, 'hotel')).visitor;
	const s = await org.post('/cells/apply?/start', { type: 'hotel' });
	expect(s.status).toBe(303);
	appId = Number(/\/cells\/apply\/(\d+)/.exec(s.location)![1]);
});

test.afterAll(async () => {
	snap?.close();
	await server?.stop();
});

function submitReport(v: Visitor, photo: File) {
	return v.post('/report', [
		['category', 'litter'],
		['description', 'upload test: bottles by the path'],
		['place', 'town:gubeikou'],
		['confirmNew', '1'],
		['photos', photo]
	]);
}

function filesOnDisk(): string[] {
	const out: string[] = [];
	const walk = (d: string) => {
		if (!fs.existsSync(d)) return;
		for (const e of fs.readdirSync(d, { withFileTypes: true }))
			if (e.isDirectory()) walk(path.join(d, e.name));
			else out.push(path.join(d, e.name));
	};
	walk(server.filesDir);
	return out.sort();
}

/** The hostile files, built here: each is refused by every upload. */
async function hostileFiles(): Promise<{ name: string; file: File; none?: boolean }[]> {
	const photo = await jpeg();
	const png = (w: number, h: number) =>
		sharp({ create: { width: w, height: h, channels: 3, background: '#fff' } })
			.png({ compressionLevel: 9 })
			.toBuffer();
	// 8000 × 6000 = 48 Mpx of one colour: a few hundred KB on disk, 144 MB once decoded
	const bomb = await png(8000, 6000);
	expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
	const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(400, 0x90)]);
	const pe = Buffer.concat([
		Buffer.from('MZ'),
		Buffer.alloc(58),
		Buffer.from([0x80, 0, 0, 0]),
		Buffer.alloc(64),
		Buffer.from('PE\0\0'),
		Buffer.alloc(300, 1)
	]);
	const svg =
		'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>';
	const html = Buffer.concat([
		Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n'),
		photo
	]);
	// over UPLOAD_MAX_BYTES (10 MB): a JPEG header and then noise
	const oversize = Buffer.concat([photo.subarray(0, 20), Buffer.alloc(10 * 1024 * 1024 + 1024, 7)]);
	const truncated = photo.subarray(0, Math.floor(photo.byteLength / 3));
	const f = (b: Buffer | string, name: string, type: string) =>
		new File([typeof b === 'string' ? b : new Uint8Array(b)], name, { type });
	return [
		{ name: 'HTML with a JPEG appended (HTML first)', file: f(html, 'photo.jpg', 'image/jpeg') },
		{ name: 'SVG with script', file: f(svg, 'photo.svg', 'image/svg+xml') },
		{ name: 'SVG with script named .jpg', file: f(svg, 'photo.jpg', 'image/jpeg') },
		{ name: 'ELF executable renamed .jpg', file: f(elf, 'photo.jpg', 'image/jpeg') },
		{ name: 'PE executable renamed .jpg', file: f(pe, 'IMG_0001.jpg', 'image/jpeg') },
		// what a browser sends for a file input left empty: "no file" (refused where a photo is required)
		{ name: '0-byte file', file: f(Buffer.alloc(0), 'empty.jpg', 'image/jpeg'), none: true },
		{ name: 'over 10 MB', file: f(oversize, 'huge.jpg', 'image/jpeg') },
		{ name: '48-megapixel decompression bomb', file: f(bomb, 'bomb.png', 'image/png') },
		{ name: 'truncated JPEG', file: f(truncated, 'cut.jpg', 'image/jpeg') }
	];
}

/**
 * `saves`: tables a refused upload may still touch by design. A 无废细胞 section is a draft saved
 * over several sessions: a refused file is reported against its item while the section's valid
 * answers are kept (cells/service.ts saveSection); the file itself is never stored.
 */
type Upload = { name: string; send: (file: File) => Promise<{ status: number; text: string }>; saves?: string[] };
function uploads(): Upload[] {
	return [
		{ name: 'report photo', send: (file) => submitReport(new Visitor(server.origin), file) },
		{
			name: "photo added on the reporter's own page",
			send: (file) => new Visitor(server.origin).post(`/report/mine/${reportKey}?/photo`, [['photo', file]])
		},
		{
			name: '无废细胞 evidence',
			send: (file) =>
				org.post(`/cells/apply/${appId}/eligibility`, [
					['f_e_commitment', file],
					['then', 'list']
				]),
			saves: ['cell_answers', 'cell_applications', 'audit_log']
		},
		{
			name: 'notice attachment (staff)',
			send: (file) =>
				staff.post('/admin/notices', [
					['titleZh', '测试通知'],
					['titleEn', 'Test notice'],
					['bodyZh', '正文'],
					['bodyEn', 'Body'],
					['document', file]
				])
		}
	];
}

test('every upload refuses polyglots, scripts, executables, empty, oversize and decompression bombs: 4xx, no row, no file, server still up', async () => {
	test.setTimeout(110000);
	const files = await hostileFiles();
	let tried = 0;
	for (const u of uploads()) {
		for (const h of files) {
			const before = snap.take();
			const onDisk = filesOnDisk();
			const r = await u.send(h.file);
			const what = `${u.name} ← ${h.name}: ${r.status}`;
			expect(r.status, what).toBeLessThan(500);
			if (!h.none || u.name.startsWith('report') || u.name.startsWith('photo')) {
				expect(r.status, what).toBeGreaterThanOrEqual(400);
				expect(
					changed(before, snap.take()).filter((t) => !u.saves?.includes(t)),
					`${what}: rows written`
				).toEqual([]);
			}
			expect(snap.count('files'), `${what}: file row`).toBe(Number(before.files.split(':')[0]));
			expect(filesOnDisk(), `${what}: file left in FILES_DIR`).toEqual(onDisk);
			expect((await fetch(`${server.origin}/healthz`)).status, `${what}: server down`).toBe(200);
			tried++;
		}
	}
	expect(tried).toBe(4 * files.length);
	expect(server.stderr()).not.toContain('[error]');
});

test('an accepted photo is served re-encoded, without EXIF or GPS; a JPEG carrying HTML after its end is served without it', async () => {
	// a phone photo with its position in EXIF
	const withGps = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#4a8' } })
		.withExif({
			IFD0: { Make: 'TestPhone', Model: 'X1' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 22/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 50/1 0/1' }
		})
		.jpeg()
		.toBuffer();
	expect((await sharp(withGps).metadata()).exif).toBeDefined(); // the fixture really carries EXIF
	const trailing = Buffer.concat([await jpeg(), Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
	for (const [name, bytes] of [
		['gps.jpg', withGps],
		['trailing.jpg', trailing]
	] as const) {
		const r = await submitReport(
			new Visitor(server.origin),
			new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' })
		);
		expect(r.status, name).toBe(303);
		const code = /\/report\/track\/([^?]+)/.exec(r.location)![1];
		const page = await new Visitor(server.origin).get(`/report/track/${code}`);
		const ids = [...new Set([...page.text.matchAll(/\/files\/([a-z2-7]{32})/g)].map((m) => m[1]))];
		expect(ids.length, name).toBe(1);
		const f = await fetch(`${server.origin}/files/${ids[0]}`);
		expect(f.status).toBe(200);
		expect(f.headers.get('content-type')).toBe('image/jpeg');
		expect(f.headers.get('x-content-type-options')).toBe('nosniff');
		const served = Buffer.from(await f.arrayBuffer());
		const meta = await sharp(served).metadata();
		expect(meta.exif, `${name}: EXIF kept`).toBeUndefined();
		expect(served.includes(Buffer.from('GPS')), name).toBe(false);
		expect(served.includes(Buffer.from('TestPhone')), name).toBe(false);
		expect(served.includes(Buffer.from('<script>')), name).toBe(false);
		expect(served.equals(bytes), `${name}: served as sent, not re-encoded`).toBe(false);
		// the original as received is kept as evidence: never public, and an attachment for staff
		const original = snap.query<{ id: string }>(
			"select f.id from files f where f.storage_path like 'originals%' order by f.created_at desc limit 1"
		)[0].id;
		expect((await fetch(`${server.origin}/files/${original}`)).status).toBe(404);
	}
});

test('documents are served as attachments with a sandbox policy', async () => {
	const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
	const r = await staff.post('/admin/notices', [
		['titleZh', '附件通知'],
		['titleEn', 'Notice with attachment'],
		['bodyZh', '见附件'],
		['bodyEn', 'See the attachment'],
		['document', new File([pdf], '<script>x</script>.pdf', { type: 'application/pdf' })]
	]);
	expect(r.status).toBeLessThan(400);
	const id = snap.query<{ id: string }>(
		"select id from files where kind = 'document' order by created_at desc limit 1"
	)[0].id;
	const f = await staff.get(`/files/${id}`);
	expect(f.status).toBe(200);
	expect(f.headers['content-type']).toBe('application/pdf');
	expect(String(f.headers['content-disposition'])).toMatch(/^attachment; filename="[a-z2-7]{32}\.pdf"/);
	expect(String(f.headers['content-disposition'])).not.toContain('<script>');
	expect(String(f.headers['content-security-policy'])).toContain('sandbox');
	// an unpublished notice's document is not public
	expect((await new Visitor(server.origin).get(`/files/${id}`)).status).toBe(404);
});
