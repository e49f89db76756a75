// Backup while the site serves, restore refused while it runs, restore into a new place after it
// stops, and the site started on the restored copy serves the same reports and photos — and, with
// the secrets key the backup carried, lets staff sign in with TOTP. The restored site runs behind a
// proxy (PROTOCOL_HEADER, no ORIGIN), as production does: a request the proxy marks https gets the
// Secure __Host- session cookie and HSTS.
import { test, expect, addUser, totpNow } from './kit';
import { Visitor } from './sec-kit';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { startServer } from './harness';
import { jpeg, postReport, storedReports, integrityCheck, sha256 } from './system';

const env = { RATE_LIMIT_REPORT_HOUR: '1000/3600', RATE_LIMIT_REPORT_DAY: '1000/86400' };

/** Runs a db:* CLI the way `npm run -s` does, with the given database and file store. */
function cli(
	script: 'db-backup' | 'db-restore',
	args: string[],
	where: { dbPath: string; filesDir: string }
): Promise<{ code: number; out: string; err: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', `scripts/${script}.ts`, ...args], {
			env: { ...process.env, DATABASE_PATH: where.dbPath, FILES_DIR: where.filesDir },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		child.on('exit', (code) => resolve({ code: code ?? 1, out, err }));
	});
}

const served = async (origin: string, fileId: string) => {
	const r = await fetch(`${origin}/files/${fileId}`);
	expect(r.status).toBe(200);
	return Buffer.from(await r.arrayBuffer());
};

test('backup under traffic, restore refused while serving, restored copy serves the same reports and photos', async () => {
	test.setTimeout(110_000);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'miyun-backup-'));
	const site = await startServer({ env });
	let restored: Awaited<ReturnType<typeof startServer>> | null = null;
	try {
		// the template's own files (the accessibility seed's 无废细胞 evidence) are backed up too
		const ro = new Database(site.dbPath, { readonly: true });
		const seeded = (ro.prepare("select count(*) as n from files where feature != 'reports'").get() as { n: number }).n;
		ro.close();
		const photo = await jpeg();
		const first = await postReport(site.origin, photo, 0);
		expect(first.code).not.toBeNull();
		const before = storedReports(site.dbPath).get(first.code!)![0];
		const photoBytes = await served(site.origin, before.fileId);
		// a staff member with a TOTP key, sealed under the key file beside the site's database
		const member = await addUser('staff', 'water', site.dbPath);
		expect(fs.statSync(path.join(site.dir, 'secrets.key')).mode & 0o777).toBe(0o600);

		// light traffic while the backup runs: reads and more reports
		let stop = false;
		const acked: string[] = [first.code!];
		const traffic = (async () => {
			for (let n = 1; !stop; n++) {
				const r = await postReport(site.origin, await jpeg(), n);
				if (r.code) acked.push(r.code);
				for (const p of ['/', '/sort', '/api/sort/search?q=dianchi', '/reports', `/report/track/${first.code}`])
					expect((await fetch(site.origin + p)).status).toBe(200);
			}
		})();
		await new Promise((r) => setTimeout(r, 300));
		const ackedBeforeBackup = [...acked];
		const backupDir = path.join(work, 'backups', 'daily-1');
		const b = await cli('db-backup', ['--out', backupDir], site);
		expect(b.code, b.err).toBe(0);
		const summary = JSON.parse(b.out.trim().split('\n').pop()!);
		expect(summary).toMatchObject({ ok: true, dir: backupDir });
		expect(summary.reports).toBeGreaterThanOrEqual(ackedBeforeBackup.length);
		expect(summary.files).toBe(summary.reports * 2 + seeded); // public copy + original per report

		// the server is running: restore must refuse and leave the live site alone
		const refused = await cli('db-restore', ['--from', backupDir], site);
		expect(refused.code).toBe(1);
		expect(JSON.parse(refused.out.trim())).toEqual({ ok: false, error: 'in_use' });
		expect(refused.err).toContain('is the server running');
		stop = true;
		await traffic;
		expect((await fetch(`${site.origin}/report/track/${acked.at(-1)}`)).status).toBe(200);
		await site.stop();

		// restore into a new place and start the site on it
		const target = path.join(work, 'restored');
		const r = await cli('db-restore', ['--from', backupDir], {
			dbPath: path.join(target, 'miyun.db'),
			filesDir: path.join(target, 'files')
		});
		expect(r.code, r.err).toBe(0);
		expect(JSON.parse(r.out.trim())).toMatchObject({ ok: true, reports: summary.reports, files: summary.files });
		expect(summary.secretsKey).toBe(true);
		expect(fs.statSync(path.join(backupDir, 'secrets.key')).mode & 0o777).toBe(0o600);
		expect(fs.statSync(path.join(target, 'secrets.key')).mode & 0o777).toBe(0o600);
		restored = await startServer({ env: { ...env, PROTOCOL_HEADER: 'x-forwarded-proto' }, dir: target });

		const inBackup = storedReports(path.join(backupDir, 'miyun.db'));
		const now = storedReports(restored.dbPath);
		expect([...now.keys()].sort()).toEqual([...inBackup.keys()].sort());
		for (const code of ackedBeforeBackup) expect(now.has(code), `${code} acknowledged before the backup`).toBe(true);
		expect((await fetch(`${restored.origin}/report/track/${first.code}`)).status).toBe(200);
		expect(sha256(await served(restored.origin, before.fileId))).toBe(sha256(photoBytes));
		for (const [, [p]] of now) expect(sha256(await served(restored.origin, p.fileId))).toBe(p.sha256);
		const db = new Database(restored.dbPath, { readonly: true });
		expect(
			(db.prepare('select description from reports where code = ?').get(first.code) as { description: string })
				.description
		).toBe('System test report 0: litter by the road');
		db.close();
		expect(integrityCheck(restored.dbPath)).toBe('ok');

		// staff sign in on the restored copy with TOTP, through a proxy that terminated https
		const https = `https://127.0.0.1:${restored.port}`;
		const viaProxy = { 'x-forwarded-proto': 'https' };
		const v = new Visitor(restored.origin);
		const post = (p: string, fields: [string, string][]) =>
			v.request(p, { method: 'POST', body: { fields }, origin: https, headers: viaProxy });
		const signedIn = await post('/login', [
			['email', member.email],
			['password', member.password]
		]);
		expect(signedIn.status).toBe(303);
		const cookie = ([] as string[])
			.concat(signedIn.headers['set-cookie'] ?? [])
			.find((c) => c.startsWith('__Host-session='));
		expect(cookie).toMatch(/; Secure/i);
		expect(cookie).toMatch(/; Path=\//i);
		expect(cookie).not.toMatch(/domain=/i);
		expect(signedIn.headers['strict-transport-security']).toMatch(/max-age=\d+/);
		const passwordOnly = v.cookies.get('__Host-session')!;
		const second = await post('/login/2fa', [['code', await totpNow(member.secret, { origin: restored.origin })]]);
		expect(second.status, second.text.slice(0, 300)).toBe(303);
		expect(second.location).toMatch(/\/admin$/);
		expect(v.cookies.get('__Host-session')).not.toBe(passwordOnly); // a new token after the second factor
		expect((await v.request('/admin', { headers: viaProxy })).status).toBe(200);
		const stale = new Visitor(restored.origin);
		stale.cookies.set('__Host-session', passwordOnly);
		expect((await stale.request('/admin', { headers: viaProxy })).status).toBe(303);
		// the same site reached over plain http: no HSTS, and the Secure cookie's name is not read
		const plain = await v.request('/admin', { headers: { 'x-forwarded-proto': 'http' } });
		expect(plain.headers['strict-transport-security']).toBeUndefined();
		expect(plain.status).toBe(303);
		console.log(
			`backup: ${summary.reports} reports, ${summary.files} files, ${summary.databaseBytes} bytes of database in ${summary.ms} ms while serving`
		);
	} finally {
		await site.stop();
		await restored?.stop();
		fs.rmSync(work, { recursive: true, force: true });
		fs.rmSync(site.dir, { recursive: true, force: true });
	}
});
