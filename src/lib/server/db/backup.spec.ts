import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import sharp from 'sharp';
import Database from 'better-sqlite3';
import { createTestDb, type TestDb } from '../testing/db';
import * as reports from '../reports/service';
import { config } from '../config';
import { backup, restore, verify, prune, MANIFEST, type Manifest } from './backup';
import { staff } from '../testing/builders';
import { codeAt } from '../auth/totp';
import { checkTotp } from '../auth/accounts';
import { openDatabase } from '.';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());

const photo = () =>
	sharp({
		create: {
			width: 40,
			height: 30,
			channels: 3,
			background: '#808080',
			noise: { type: 'gaussian', mean: 128, sigma: 40 }
		}
	})
		.jpeg()
		.toBuffer();

async function fileReport(n: number) {
	const r = await reports.submit(
		t.db,
		{ category: 'litter', description: `backup test ${n}`, place: 'town:miyun_zhen', confirmNew: '1' },
		[{ bytes: await photo(), name: 'p.jpg' }],
		`10.0.0.${n}`,
		'zh-CN'
	);
	expect(r.ok).toBe(true);
}

const dbPath = () => path.join(t.dir, 'test.db');
const out = (name = 'b1') => path.join(t.dir, 'backups', name);

describe('backup', () => {
	it('copies the database and exactly the files it references, with a manifest of counts and checksums', async () => {
		await fileReport(1);
		await fileReport(2);
		fs.writeFileSync(path.join(config.filesDir, 'stray.bin'), 'not referenced'); // e.g. an orphan
		const r = backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out() });
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.manifest.database.tables.reports).toBe(2);
		expect(r.manifest.files.count).toBe(4); // public copy + original per report
		expect(fs.existsSync(path.join(out(), 'files', 'stray.bin'))).toBe(false);
		for (const f of r.manifest.files.list)
			expect(fs.readFileSync(path.join(out(), 'files', f.path))).toEqual(
				fs.readFileSync(path.join(config.filesDir, f.path))
			);
		expect(verify(out())).toBeNull();
	});

	it('refuses a folder that is not empty, and fails whole on a damaged store (nothing left behind)', async () => {
		await fileReport(1);
		fs.mkdirSync(out(), { recursive: true });
		fs.writeFileSync(path.join(out(), 'x'), 'x');
		expect(backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out() })).toMatchObject({
			ok: false,
			error: 'exists'
		});
		const row = t.db.$client.prepare('select storage_path as p from files limit 1').get() as { p: string };
		fs.appendFileSync(path.join(config.filesDir, row.p), 'x');
		expect(backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out('b2') })).toMatchObject({
			ok: false,
			error: 'bad_file'
		});
		fs.rmSync(path.join(config.filesDir, row.p));
		expect(backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out('b3') })).toMatchObject({
			ok: false,
			error: 'missing_files'
		});
		expect(fs.readdirSync(path.join(t.dir, 'backups'))).toEqual(['b1']);
	});

	it('keeps the newest N backups and touches no other folder', async () => {
		for (const name of ['d1', 'd2', 'd3']) {
			expect(backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out(name) }).ok).toBe(true);
			await new Promise((r) => setTimeout(r, 5));
		}
		fs.mkdirSync(out('unrelated'));
		expect(prune(path.join(t.dir, 'backups'), 2)).toEqual([out('d1')]);
		expect(fs.readdirSync(path.join(t.dir, 'backups')).sort()).toEqual(['d2', 'd3', 'unrelated']);
	});
});

describe('restore', () => {
	it('refuses a backup whose file or database does not match its checksum, changing nothing', async () => {
		await fileReport(1);
		expect(backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out() }).ok).toBe(true);
		const m = JSON.parse(fs.readFileSync(path.join(out(), MANIFEST), 'utf8')) as Manifest;
		const target = { dbPath: path.join(t.dir, 'new', 'miyun.db'), filesDir: path.join(t.dir, 'new', 'files') };
		fs.appendFileSync(path.join(out(), 'files', m.files.list[0].path), 'x');
		expect(restore({ from: out(), ...target })).toMatchObject({ ok: false, error: 'bad_backup' });
		expect(fs.existsSync(path.join(t.dir, 'new'))).toBe(false);
		fs.appendFileSync(path.join(out(), 'miyun.db'), Buffer.alloc(10));
		expect(restore({ from: out(), ...target })).toMatchObject({
			ok: false,
			error: 'bad_backup',
			detail: 'the database does not match its checksum'
		});
	});

	it('refuses while another process has the database open, and works once it has gone (even killed)', async () => {
		await fileReport(1);
		expect(backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out() }).ok).toBe(true);
		const target = path.join(t.dir, 'live.db');
		fs.copyFileSync(path.join(out(), 'miyun.db'), target);
		// a "server": another process holding the database open in WAL mode, idle
		const holder = spawn(
			process.execPath,
			[
				'-e',
				`const D=require('better-sqlite3');const d=new D(${JSON.stringify(target)});d.pragma('journal_mode=WAL');d.prepare('select count(*) from sqlite_master').get();console.log('open');setInterval(()=>{},1000)`
			],
			{ stdio: ['ignore', 'pipe', 'inherit'] }
		);
		await new Promise((r) => holder.stdout!.once('data', r));
		const r = restore({ from: out(), dbPath: target, filesDir: path.join(t.dir, 'live-files') });
		expect(r).toMatchObject({ ok: false, error: 'in_use' });
		holder.kill('SIGKILL');
		await new Promise((r) => holder.once('exit', r));
		const again = restore({ from: out(), dbPath: target, filesDir: path.join(t.dir, 'live-files') });
		expect(again).toMatchObject({ ok: true, reports: 1, files: 2 });
	});

	it('replaces a database damaged beyond opening, keeping the damaged file', async () => {
		await fileReport(1);
		expect(backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out() }).ok).toBe(true);
		const target = path.join(t.dir, 'broken.db');
		fs.writeFileSync(target, Buffer.alloc(8192, 7));
		const r = restore({ from: out(), dbPath: target, filesDir: path.join(t.dir, 'broken-files') });
		expect(r).toMatchObject({ ok: true, reports: 1 });
		expect(r.ok && fs.readFileSync(r.keptDatabase!)).toEqual(Buffer.alloc(8192, 7));
	});

	it('puts back the same rows and files, keeping what it replaced', async () => {
		await fileReport(1);
		expect(backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out() }).ok).toBe(true);
		const target = { dbPath: path.join(t.dir, 'site', 'miyun.db'), filesDir: path.join(t.dir, 'site', 'files') };
		expect(restore({ from: out(), ...target })).toMatchObject({ ok: true, reports: 1, keptDatabase: null });
		const second = restore({ from: out(), ...target });
		expect(
			second.ok &&
				second.keptDatabase &&
				fs.existsSync(second.keptDatabase) &&
				second.keptFiles &&
				fs.existsSync(second.keptFiles)
		).toBeTruthy();
		const restored = new Database(target.dbPath, { readonly: true });
		const codes = (d: Database.Database) => d.prepare('select code, description from reports').all();
		expect(codes(restored)).toEqual(codes(t.db.$client));
		for (const f of restored.prepare('select storage_path as p from files').all() as { p: string }[])
			expect(fs.readFileSync(path.join(target.filesDir, f.p))).toEqual(
				fs.readFileSync(path.join(config.filesDir, f.p))
			);
		restored.close();
	});

	it('carries the secrets key (mode 0600): a restored copy in a new folder still opens its TOTP keys', async () => {
		const u = await staff(t.db); // its TOTP key is sealed under the key file beside the test database
		const keyFile = path.join(t.dir, 'secrets.key');
		expect(fs.existsSync(keyFile)).toBe(true);
		const b = backup({ dbPath: dbPath(), filesDir: config.filesDir, outDir: out() });
		expect(b.ok && b.manifest.secrets).toEqual([{ file: 'secrets.key', sha256: expect.any(String) }]);
		expect(fs.statSync(path.join(out(), 'secrets.key')).mode & 0o777).toBe(0o600);
		expect(fs.readFileSync(path.join(out(), 'secrets.key'))).toEqual(fs.readFileSync(keyFile));
		const target = {
			dbPath: path.join(t.dir, 'elsewhere', 'miyun.db'),
			filesDir: path.join(t.dir, 'elsewhere', 'files')
		};
		const r = restore({ from: out(), ...target });
		expect(r).toMatchObject({ ok: true, secretsKey: path.join(t.dir, 'elsewhere', 'secrets.key') });
		expect(fs.statSync(path.join(t.dir, 'elsewhere', 'secrets.key')).mode & 0o777).toBe(0o600);
		const restored = openDatabase(target.dbPath, { migrationsDir: path.resolve('drizzle') });
		try {
			expect(checkTotp(restored, u.userId, codeAt(u.key, Date.now()))).toBe(true);
		} finally {
			restored.$client.close();
		}
		// a key changed in the backup fails verification (restore then touches nothing)
		fs.writeFileSync(path.join(out(), 'secrets.key'), 'x'.repeat(44));
		expect(verify(out())).toMatch(/secrets key/);
	});
});
