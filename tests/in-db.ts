/**
 * What the journeys write straight into a server's database: accounts made by the unit tests'
 * builders and the accessibility seed. Loaded through tsx (tests/helpers.ts `inDb()`), because the
 * services import JSON, which Playwright's own loader refuses. The server keeps running: SQLite
 * (WAL, busy timeout) lets both write.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { setDb, type DB } from '../src/lib/server/db';
import { staff, org } from '../src/lib/server/testing/builders';
import { eq } from 'drizzle-orm';
import { users } from '../src/lib/server/auth/schema';
import { decodeKey, keyBase32 } from '../src/lib/server/auth/totp';
import { seedA11y } from './a11y-seed';
import sharp from 'sharp';
import * as reports from '../src/lib/server/reports/service';
import { seedScreens } from './screens-seed';
import { seedScreensReport } from './screens-report-seed';
import { seedBuilderSurvey } from './screens-survey-seed';
import { seedReviewSurvey } from './survey-review-seed';
import { openFormsSurvey } from './fixtures/forms-survey';

const open = new Map<string, DB>();

/** The database file opened as the server opens it (already migrated and loaded by the server). */
export function db(file: string): DB {
	let d = open.get(file);
	if (!d) {
		const sqlite = new Database(file);
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
		d = drizzle(sqlite) as DB;
		open.set(file, d);
	}
	return d;
}

/** Closes this process's connection to `file` (before the file is copied as a template). */
export function close(file: string) {
	open.get(file)?.$client.close();
	open.delete(file);
}

/** A staff or admin account with a known password and TOTP key (base32). */
export async function addStaff(file: string, role: 'admin' | 'staff', department: string | undefined, email: string) {
	const s = await staff(db(file), { role, department, email });
	return { email, secret: s.totpKey };
}

/**
 * An organisation account with a known password and TOTP key (base32), sealed as the staff
 * builder seals them; `totp: false` makes one from before organisations had a second factor.
 */
export async function addOrg(
	file: string,
	email: string,
	type?: string,
	town?: string,
	name?: string,
	opts: { totp?: boolean } = {}
) {
	const o = await org(db(file), { email, type, town, name, totp: opts.totp });
	return { email: o.email, userId: o.userId, secret: o.totpKey };
}

/**
 * The enrolled TOTP key (base32) of the organisation account `email`, read and opened the way the
 * server opens it (the key file beside the database); null for staff, unknown addresses and
 * organisation accounts that have not enrolled yet. What a journey's authenticator app "knows", and
 * the last 30 s step the account used (a code is good once).
 */
export function orgSecretOf(file: string, email: string): { secret: string; lastStep: number | null } | null {
	const u = db(file)
		.select({ role: users.role, key: users.totpKey, lastStep: users.totpLastStep })
		.from(users)
		.where(eq(users.email, email.trim().toLowerCase()))
		.get();
	if (!u || u.role !== 'org' || !u.key) return null;
	return { secret: keyBase32(decodeKey(db(file), u.key)), lastStep: u.lastStep };
}

/** The accessibility sweep's data; uploads go to `filesDir`. */
export function seed(file: string, filesDir: string) {
	process.env.DATABASE_PATH = file;
	return within(file, filesDir, seedA11y);
}

/** One 随手拍 report with a photo, through the real service (routed as the form would); returns its code. */
export function addReport(file: string, filesDir: string, place = 'scenic:gubei_water_town', category = 'overflow') {
	return within(file, filesDir, async (d) => {
		const jpeg = new Uint8Array(
			await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c84' } })
				.jpeg()
				.toBuffer()
		);
		const r = await reports.submit(
			d,
			{ category, description: `无障碍检查用报告 ${place} ${Date.now().toString(36)}`, place, confirmNew: '1' },
			[{ bytes: jpeg, name: 'bins.jpg' }],
			`198.51.100.${Math.floor(Math.random() * 200) + 1}`,
			'zh-CN'
		);
		if (!r.ok) throw new Error(`report: ${JSON.stringify(r)}`);
		return r.code;
	});
}

/** Runs a seed against the server's database, its uploads going to `filesDir`. */
async function within<T>(file: string, filesDir: string | undefined, fn: (d: DB) => T | Promise<T>): Promise<T> {
	if (filesDir) process.env.FILES_DIR = filesDir;
	setDb(db(file));
	try {
		return await fn(db(file));
	} finally {
		setDb(null);
	}
}

/** The applicant screens' applications (tests/screens-seed.ts). */
export const screens = (file: string, filesDir: string) => within(file, filesDir, (d) => seedScreens(d));
/** One guesthouse application under review (tests/screens-seed.ts). */
export const underReview = (file: string, filesDir: string) =>
	within(file, filesDir, (d) => seedScreens(d, 'under_review'));
/** One report at 古北水镇 with a photo (tests/screens-report-seed.ts). */
export const screensReport = (file: string, filesDir: string) => within(file, filesDir, seedScreensReport);
/** A draft survey for the builder journey (tests/screens-survey-seed.ts). */
export const builderSurvey = (file: string) => within(file, undefined, seedBuilderSurvey);
/** A survey with ten imported responses, one flagged (tests/survey-review-seed.ts). */
export const reviewSurvey = (file: string) => within(file, undefined, seedReviewSurvey);
/** An open survey with one question of each simple kind (tests/fixtures/forms-survey.ts). */
export const formsSurvey = (file: string, slug: string) => within(file, undefined, (d) => openFormsSurvey(d, slug));

export { TEST_PASSWORD } from '../src/lib/server/testing/builders';
