// Crash safety: 200 report submissions with photos in flight, the server killed with SIGKILL
// after ~75 of them were acknowledged, restarted on the same database and file store. Every
// acknowledged report must be there with its photo (row, file on disk with the recorded checksum,
// served by /files/ID) and the database must pass integrity_check. A process kill is what this
// can show; power loss is covered by synchronous FULL and the fsync before commit (README:
// Durability), which a test on one machine cannot pull the plug on.
import { test, expect } from './kit';
import fs from 'node:fs';
import { startServer } from './harness';
import { jpeg, postReport, storedReports, integrityCheck, fileSha, listFiles, sha256 } from './system';

const TOTAL = 200;
const KILL_AFTER = 75;
// all 200 come from 127.0.0.1: the per-address report limits are raised by configuration
const env = { RATE_LIMIT_REPORT_HOUR: '1000/3600', RATE_LIMIT_REPORT_DAY: '1000/86400' };

test('reports acknowledged before a kill -9 survive it with their photos; the database is intact', async () => {
	test.setTimeout(110_000);
	const first = await startServer({ env });
	const photos = await Promise.all(Array.from({ length: TOTAL }, () => jpeg()));
	const acked = new Map<string, number>(); // tracking code → submission number
	let failedAfterKill = 0;
	let otherAnswers = 0;
	let killed = false;
	let ackedAtKill = 0;

	try {
		await Promise.all(
			photos.map(async (photo, n) => {
				try {
					const r = await postReport(first.origin, photo, n);
					if (r.code) acked.set(r.code, n);
					else otherAnswers++;
					if (!killed && acked.size >= KILL_AFTER) {
						killed = true;
						ackedAtKill = acked.size;
						first.child.kill('SIGKILL');
					}
				} catch {
					failedAfterKill++; // connection reset or refused: the server is gone
				}
			})
		);
	} finally {
		await first.stop('SIGKILL'); // (already gone unless the run went wrong)
	}
	expect(ackedAtKill, 'the server was killed mid-flight').toBeGreaterThan(0);
	expect(otherAnswers, 'every answer before the kill was an acknowledgement').toBe(0);
	expect(failedAfterKill, 'submissions were still in flight at the kill').toBeGreaterThan(0);

	const second = await startServer({ env, dir: first.dir });
	try {
		const stored = storedReports(second.dbPath);
		let lost = 0;
		for (const [code, n] of acked) {
			const ph = stored.get(code);
			if (!ph || ph.length !== 1) {
				lost++;
				continue;
			}
			const p = ph[0];
			// the public copy and the original, on disk with the checksum the database recorded
			expect(fileSha(second.filesDir, p.storagePath), `${code} public copy`).toBe(p.sha256);
			expect(fileSha(second.filesDir, p.originalPath!), `${code} original`).toBe(p.originalSha);
			// the original is exactly what was sent
			expect(p.originalSha, `${code} original bytes`).toBe(sha256(photos[n]));
			const served = await fetch(`${second.origin}/files/${p.fileId}`);
			expect(served.status, `${code} served`).toBe(200);
			expect(sha256(new Uint8Array(await served.arrayBuffer())), `${code} served bytes`).toBe(p.sha256);
		}
		const track = await fetch(`${second.origin}/report/track/${[...acked.keys()][0]}`);
		expect(track.status).toBe(200);

		// files written for submissions whose transaction never committed: orphans the daily job prunes
		const referenced = new Set([...stored.values()].flat().flatMap((p) => [p.storagePath, p.originalPath]));
		const orphans = listFiles(second.filesDir).filter((f) => !referenced.has(f)).length;
		const committedUnacked = [...stored.keys()].filter((c) => !acked.has(c)).length;
		console.log(
			`crash: ${TOTAL} sent, ${ackedAtKill} acknowledged when killed, ${acked.size} acknowledged in all, ` +
				`${failedAfterKill} cut off by the kill, ${committedUnacked} committed but never acknowledged, ` +
				`${lost} acknowledged and lost, ${orphans} orphan files left for the prune job`
		);
		expect(lost, 'acknowledged reports lost').toBe(0);
		expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);
		expect(integrityCheck(second.dbPath)).toBe('ok');
	} finally {
		await second.stop();
		fs.rmSync(first.dir, { recursive: true, force: true });
	}
});
