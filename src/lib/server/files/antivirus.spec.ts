import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createTestDb, type TestDb } from '../testing/db';
import { clamdBinary, startClamd, type Clamd } from '../testing/clamd';
import * as files from './index';
import * as antivirus from './antivirus';
import * as security from '../security';
import * as reportsSvc from '../reports/service';
import { reports } from '../reports/schema';
import * as cells from '../cells/service';
import { org, staff } from '../testing/builders';
import { securityEvents } from '../security/schema';
import { validateSessionToken, createSession, generateSessionToken } from '../auth/session';
import { config } from '../config';
import { REPORT_ERRORS, ACTION_ERRORS } from '$lib/reports/labels';
import { ERROR as cellErrors } from '$lib/cells/labels';
import { errorText as docErrorText } from '$lib/form-errors';

// the EICAR test string, which every antivirus (and our shipped test.ndb) detects
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const MARKER = 'MIYUN-WFCS-TEST-MALWARE-MARKER';

const jpeg = (size = 64) =>
	sharp({ create: { width: size, height: size, channels: 3, background: '#3a7' } })
		.jpeg()
		.toBuffer();

const pdf = (inside: string) =>
	Buffer.from(
		'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
			`3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n4 0 obj<</Length ${inside.length}>>stream\n${inside}\nendstream endobj\n` +
			'trailer<</Root 1 0 R>>\n%%EOF\n'
	);

/** Every file under FILES_DIR (nothing may be written for a refused upload). */
function stored(): string[] {
	if (!fs.existsSync(config.filesDir)) return [];
	return fs
		.readdirSync(config.filesDir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => e.name);
}

/** A hotel's draft application, and a save of its commitment with `bytes` as the evidence. */
async function cellEvidence(bytes: Uint8Array) {
	const o = await org(t.db, { type: 'hotel', town: 'gubeikou' });
	const token = generateSessionToken();
	createSession(t.db, token, o.userId, { twoFactorVerified: true });
	const hotel = validateSessionToken(t.db, token).user!;
	const s = cells.start(t.db, hotel, 'hotel');
	if (!s.ok) throw new Error('no application');
	const saved = await cells.saveSection(
		t.db,
		hotel,
		s.id,
		'eligibility',
		{ values: { e_commitment: 'yes' }, notes: {} },
		[{ criterionId: 'e_commitment', bytes, name: 'commitment.pdf' }]
	);
	return { saved, evidence: cells.evidence(t.db, s.id), answer: cells.answers(t.db, s.id)[0]?.value };
}

function refusals(t: TestDb) {
	return security.list(t.db, { event: 'upload.refused' }).map((e) => JSON.parse(e.detail ?? '{}'));
}

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => {
	t.close();
	delete process.env.CLAMD_SOCKET;
	delete process.env.CLAMD_ADDRESS;
	delete process.env.CLAMD_TIMEOUT_MS;
});

describe('antivirus not configured', () => {
	it('uploads are accepted as before and start-up warns once; a malformed CLAMD_ADDRESS refuses every upload', async () => {
		expect(antivirus.startupWarnings()).toEqual([expect.stringContaining('CLAMD_SOCKET')]);
		const r = await files.prepare({ bytes: Buffer.concat([await jpeg(), Buffer.from(EICAR)]) }, 'image');
		expect(r.ok).toBe(true);
		process.env.CLAMD_SOCKET = '/run/clamav/clamd.ctl';
		expect(antivirus.startupWarnings()).toEqual([]);
		delete process.env.CLAMD_SOCKET;
		process.env.CLAMD_ADDRESS = 'clamav.internal';
		expect(antivirus.startupWarnings()).toEqual([expect.stringContaining('every upload will be refused')]);
		expect(await files.prepare({ bytes: await jpeg() }, 'image')).toEqual({ ok: false, error: 'scan_unavailable' });
		process.env.CLAMD_ADDRESS = '127.0.0.1:3310';
		expect(antivirus.configuredTarget()).toEqual({ host: '127.0.0.1', port: 3310 });
	});

	it('every form that takes uploads has its own words for an infected file and for a scanner that cannot answer', () => {
		for (const error of ['infected', 'scan_unavailable'] as const) {
			const texts = [REPORT_ERRORS[`photo_${error}`], cellErrors[`file_${error}`]].map((f) => f?.());
			texts.push(docErrorText(`doc_${error}`));
			for (const text of texts) expect(text).toMatch(error === 'infected' ? /病毒/ : /稍后再试/);
		}
		expect(ACTION_ERRORS.photo_scan_unavailable()).toMatch(/稍后再试/);
	});

	it('reads clamd’s replies: clean, a signature found, an error', () => {
		expect(antivirus.verdictOf('stream: OK\0')).toEqual({ verdict: 'clean' });
		expect(antivirus.verdictOf('stream: Win.Test.EICAR_HDB-1 FOUND\0')).toEqual({
			verdict: 'infected',
			signature: 'Win.Test.EICAR_HDB-1'
		});
		expect(antivirus.verdictOf('INSTREAM size limit exceeded. ERROR\0')).toMatchObject({ verdict: 'unavailable' });
		expect(antivirus.verdictOf('')).toMatchObject({ verdict: 'unavailable' });
	});

	it('fails closed on a clamd that accepts the connection and never answers: refused at the deadline', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-stall-'));
		const sock = path.join(dir, 's.sock');
		const held: net.Socket[] = [];
		const server = net.createServer((c) => held.push(c.on('data', () => {})));
		await new Promise<void>((r) => server.listen(sock, r));
		process.env.CLAMD_SOCKET = sock;
		process.env.CLAMD_TIMEOUT_MS = '300';
		const t0 = performance.now();
		const r = await files.prepare({ bytes: await jpeg(), name: 'photo.jpg' }, 'image', { who: { ip: '7.7.7.7' } });
		const waited = performance.now() - t0;
		held.forEach((c) => c.destroy());
		server.close();
		fs.rmSync(dir, { recursive: true, force: true });
		expect(r).toEqual({ ok: false, error: 'scan_unavailable' });
		expect(waited).toBeGreaterThanOrEqual(290);
		expect(waited).toBeLessThan(3000);
		expect(stored()).toEqual([]);
		expect(refusals(t)).toEqual([expect.objectContaining({ reason: 'scan_unavailable', cause: 'timeout' })]);
	});
});

const bin = clamdBinary();
if (!bin)
	console.warn('[antivirus.spec] skipping the real-clamd tests: no clamd binary (apt-get install clamav-daemon)');

describe.skipIf(!bin)(
	'with a real clamd (skipped when the clamd binary is absent: apt-get install clamav-daemon)',
	() => {
		let clamd: Clamd;
		beforeAll(async () => {
			clamd = await startClamd(bin!);
			console.log(
				`[antivirus.spec] clamd with the test database answered PING ${clamd.startedMs.toFixed(0)} ms after spawn`
			);
		}, 60000);
		afterAll(() => clamd?.stop());
		beforeEach(() => {
			process.env.CLAMD_SOCKET = clamd.socket;
		});

		it('EICAR riding after a real JPEG called photo.jpg is refused before sharp could wash it: nothing written, an event naming the signature and no content', async () => {
			const bytes = Buffer.concat([await jpeg(), Buffer.from(EICAR)]);
			const r = await files.prepare({ bytes, name: 'photo.jpg' }, 'image', {
				keepOriginal: true,
				who: { ip: '6.6.6.6' }
			});
			expect(r).toEqual({ ok: false, error: 'infected' });
			expect(stored()).toEqual([]);
			const events = security.list(t.db, { event: 'upload.refused' });
			expect(events).toHaveLength(1);
			expect(events[0].ip).toBe('6.6.6.6');
			expect(JSON.parse(events[0].detail!)).toEqual({
				reason: 'infected',
				kind: 'image',
				bytes: bytes.byteLength,
				signature: 'Miyun.Test.Eicar.UNOFFICIAL'
			});
			expect(events[0].detail).not.toContain('EICAR-STANDARD');
		});

		it('the bare EICAR file named photo.jpg is refused as infected (scanned before its type is sniffed)', async () => {
			expect(await files.prepare({ bytes: Buffer.from(EICAR), name: 'photo.jpg' }, 'image')).toEqual({
				ok: false,
				error: 'infected'
			});
		});

		it('a PDF carrying EICAR, or our own marker signature, is refused; nothing written', async () => {
			expect(await files.prepare({ bytes: pdf(EICAR), name: 'notice.pdf' }, 'document')).toEqual({
				ok: false,
				error: 'infected'
			});
			expect(await files.prepare({ bytes: pdf(`BT (${MARKER}) Tj ET`), name: 'notice.pdf' }, 'document')).toEqual({
				ok: false,
				error: 'infected'
			});
			expect(stored()).toEqual([]);
			expect(
				refusals(t)
					.map((d) => d.signature)
					.sort()
			).toEqual(['Miyun.Test.Eicar.UNOFFICIAL', 'Miyun.Test.Marker.UNOFFICIAL']);
		});

		it('a clean JPEG and a clean PDF are accepted and stored; scan latency measured', async () => {
			// a phone-sized photo: noise does not compress, so this is about 1 MB like a real one
			const photo = await sharp({
				create: {
					width: 1600,
					height: 1200,
					channels: 3,
					background: '#777',
					noise: { type: 'gaussian', mean: 128, sigma: 40 }
				}
			})
				.jpeg({ quality: 80 })
				.toBuffer();
			const r = await files.prepare({ bytes: photo, name: 'photo.jpg' }, 'image', { keepOriginal: true });
			expect(r.ok).toBe(true);
			expect(stored()).toHaveLength(2);
			expect((await files.prepare({ bytes: pdf('BT (hello) Tj ET'), name: 'a.pdf' }, 'document')).ok).toBe(true);
			expect(refusals(t)).toEqual([]);
			// scan latency alone (no sharp), per upload, on this photo and on a 10 MB upload
			const big = Buffer.alloc(config.uploadMaxBytes, 7);
			for (const [label, bytes] of [
				[`${(photo.byteLength / 1024).toFixed(0)} KB JPEG`, photo],
				['10 MB', big]
			] as const) {
				const ms: number[] = [];
				for (let i = 0; i < 5; i++) {
					const t0 = performance.now();
					expect(await antivirus.scan(bytes)).toEqual({ verdict: 'clean' });
					ms.push(performance.now() - t0);
				}
				ms.sort((a, b) => a - b);
				console.log(`[antivirus.spec] scan of ${label}: median ${ms[2].toFixed(1)} ms, max ${ms[4].toFixed(1)} ms`);
			}
		});

		it('a report whose photo carries EICAR is refused with the photo error and files nothing', async () => {
			const before = t.db.select().from(reports).all().length;
			const r = await reportsSvc.submit(
				t.db,
				{ category: 'litter', description: '一些垃圾在这里', place: 'town:gulou' },
				[{ bytes: Buffer.concat([await jpeg(), Buffer.from(EICAR)]), name: 'photo.jpg' }],
				'5.5.5.6',
				'zh-CN'
			);
			expect(r).toMatchObject({ ok: false, fields: { photos: 'photo_infected' } });
			expect(t.db.select().from(reports).all()).toHaveLength(before);
			expect(stored()).toEqual([]);
		});

		it('cell evidence carrying EICAR is refused like any bad file: the answer kept, no evidence stored', async () => {
			expect(await cellEvidence(pdf(EICAR))).toEqual({
				saved: { ok: true, errors: { e_commitment: 'file_infected' } },
				evidence: [],
				answer: 'yes'
			});
			expect(stored()).toEqual([]);
		});

		// last: it stops the daemon
		it('clamd stopped: uploads are refused (fail closed), nothing written, the report and cells forms say try later', async () => {
			// a report filed while clamd runs, worked by its department up to resolving
			const filed = await reportsSvc.submit(
				t.db,
				{ category: 'litter', description: '一些垃圾在这里', place: 'town:gulou' },
				[{ bytes: await jpeg(), name: 'photo.jpg' }],
				'5.5.5.8',
				'zh-CN'
			);
			if (!filed.ok) throw new Error('a clean report was refused');
			const token = generateSessionToken();
			createSession(t.db, token, (await staff(t.db, { department: 'town_gulou' })).userId);
			const clerk = validateSessionToken(t.db, token).user!;
			await reportsSvc.transition(t.db, clerk, filed.code, 'accept', {});
			await reportsSvc.transition(t.db, clerk, filed.code, 'assign', { assignee: '清洁队' });
			await reportsSvc.transition(t.db, clerk, filed.code, 'start', {});
			const kept = stored().length;
			await clamd.stop();
			// the staff member's "after" photo: told to try later, not to choose another photo
			expect(
				await reportsSvc.transition(t.db, clerk, filed.code, 'resolve', {
					publicNote: '已清理',
					photo: { bytes: await jpeg(), name: 'after.jpg' }
				})
			).toEqual({ ok: false, error: 'photo_scan_unavailable' });
			expect(reportsSvc.byCode(t.db, filed.code)!.status).toBe('in_progress');
			expect(stored()).toHaveLength(kept);
			fs.rmSync(config.filesDir, { recursive: true, force: true });
			t.db.delete(securityEvents).run();
			const r = await files.prepare({ bytes: await jpeg(), name: 'photo.jpg' }, 'image', { who: { ip: '8.8.8.8' } });
			expect(r).toEqual({ ok: false, error: 'scan_unavailable' });
			expect(await files.prepare({ bytes: pdf('BT (hello) Tj ET') }, 'document')).toEqual({
				ok: false,
				error: 'scan_unavailable'
			});
			const sub = await reportsSvc.submit(
				t.db,
				{ category: 'overflow', description: '新城子镇政府门口的垃圾桶满了', place: 'town:xinchengzi' },
				[{ bytes: await jpeg(), name: 'photo.jpg' }],
				'5.5.5.7',
				'zh-CN'
			);
			expect(sub).toMatchObject({ ok: false, fields: { photos: 'photo_scan_unavailable' } });
			expect(await cellEvidence(pdf('BT (hello) Tj ET'))).toEqual({
				saved: { ok: true, errors: { e_commitment: 'file_scan_unavailable' } },
				evidence: [],
				answer: 'yes'
			});
			expect(stored()).toEqual([]);
			const causes = refusals(t).map((d) => [d.reason, d.cause]);
			expect(causes).toHaveLength(4);
			for (const c of causes) expect(c).toEqual(['scan_unavailable', expect.stringMatching(/^(ENOENT|ECONNREFUSED)$/)]);
		});
	}
);
