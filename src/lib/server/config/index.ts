/**
 * All settings come from environment variables (listed in README's table). This module reads
 * `process.env` directly, not `$env`, so the CLIs (run through tsx) can import it too.
 */
import path from 'node:path';

function str(name: string, fallback: string): string {
	const v = process.env[name];
	return v === undefined || v === '' ? fallback : v;
}
function int(name: string, fallback: number): number {
	const v = process.env[name];
	if (v === undefined || v === '') return fallback;
	const n = Number(v);
	if (!Number.isFinite(n)) throw new Error(`Setting ${name} must be a number, got "${v}"`);
	return n;
}
/** A rate limit written as "COUNT/SECONDS", e.g. "10/900". */
export interface Limit {
	count: number;
	seconds: number;
}
function limit(name: string, fallback: string): Limit {
	const raw = str(name, fallback);
	const m = /^(\d+)\/(\d+)$/.exec(raw);
	if (!m) throw new Error(`Setting ${name} must look like COUNT/SECONDS, got "${raw}"`);
	return { count: Number(m[1]), seconds: Number(m[2]) };
}

function days(name: string, fallback: number): number {
	const raw = str(name, String(fallback));
	if (!/^\d{1,5}$/.test(raw)) throw new Error(`Setting ${name} must be a whole number of days, got "${raw}"`);
	return Number(raw);
}

export const config = {
	get databasePath() {
		return path.resolve(str('DATABASE_PATH', 'data/miyun.db'));
	},
	get migrationsDir() {
		return path.resolve(str('MIGRATIONS_DIR', 'drizzle'));
	},
	get filesDir() {
		return path.resolve(str('FILES_DIR', 'data/files'));
	},
	get origin() {
		return str('ORIGIN', 'http://localhost:3000');
	},
	get secureCookies() {
		return config.origin.startsWith('https:');
	},
	get production() {
		return process.env.NODE_ENV === 'production';
	},
	/** Test-only hooks (settable clock, outbox reader). `npm start` refuses to run with this set. */
	get testMode() {
		return process.env.MIYUN_TEST_MODE === '1';
	},
	get sessionIdleDays() {
		return int('SESSION_IDLE_DAYS', 14);
	},
	get sessionMaxDays() {
		return int('SESSION_MAX_DAYS', 30);
	},
	/** staff and admin sessions end after this many minutes without a request */
	get staffSessionIdleMinutes() {
		return int('STAFF_SESSION_IDLE_MINUTES', 30);
	},
	/** staff and admin sessions end this many hours after sign-in, however active */
	get staffSessionMaxHours() {
		return int('STAFF_SESSION_MAX_HOURS', 12);
	},
	get uploadMaxBytes() {
		return int('UPLOAD_MAX_BYTES', 10 * 1024 * 1024);
	},
	/** clamd's unix socket (uploads are scanned; see files/antivirus.ts) */
	get clamdSocket() {
		return str('CLAMD_SOCKET', '');
	},
	/** clamd over TCP, HOST:PORT, when CLAMD_SOCKET is not set */
	get clamdAddress() {
		return str('CLAMD_ADDRESS', '');
	},
	/** one deadline per scan, connecting included; past it the upload is refused */
	get clamdTimeoutMs() {
		return int('CLAMD_TIMEOUT_MS', 15000);
	},
	/** largest urlencoded/JSON body the app reads */
	get maxFormBodyBytes() {
		return int('MAX_FORM_BODY_BYTES', 1024 * 1024);
	},
	/** largest multipart body (a form with its files) the app reads; BODY_SIZE_LIMIT must be above it */
	get maxUploadBodyBytes() {
		return int('MAX_UPLOAD_BODY_BYTES', 32 * 1024 * 1024);
	},
	get limitLoginIp(): Limit {
		return limit('RATE_LIMIT_LOGIN_IP', '30/900');
	},
	/** sign-in failures per account + address (also TOTP, recovery codes, current-password checks) */
	get limitLoginAccount(): Limit {
		return limit('RATE_LIMIT_LOGIN_ACCOUNT', '5/900');
	},
	/** sign-in attempts per account across addresses, enforced only on addresses that already failed on it */
	get limitLoginAccountAll(): Limit {
		return limit('RATE_LIMIT_LOGIN_ACCOUNT_ALL', '20/900');
	},
	/** days a 无废细胞 recommendation stays on public notice (公示) for objections */
	get cellNoticeDays() {
		return int('CELL_NOTICE_DAYS', 7);
	},
	/** survey starts per address: beyond it responses are flagged for review, never refused */
	get limitSurveyIp(): Limit {
		return limit('RATE_LIMIT_SURVEY_IP', '30/3600');
	},
	get limitAnonWrite(): Limit {
		return limit('RATE_LIMIT_ANON_WRITE', '20/3600');
	},
	/** anonymous report submissions per address */
	get limitReportHour(): Limit {
		return limit('RATE_LIMIT_REPORT_HOUR', '5/3600');
	},
	get limitReportDay(): Limit {
		return limit('RATE_LIMIT_REPORT_DAY', '20/86400');
	},
	/** attempts with a report's private key or one-time code, per address (wrong keys are logged) */
	get limitReportKey(): Limit {
		return limit('RATE_LIMIT_REPORT_KEY', '30/600');
	},
	/** tracking-page lookups by public code, per address */
	get limitTrackLookup(): Limit {
		return limit('RATE_LIMIT_TRACK_LOOKUP', '300/600');
	},
	/** one-time codes sent to a report's contact, per report (and per address: RATE_LIMIT_ANON_WRITE) */
	get limitReportCode(): Limit {
		return limit('RATE_LIMIT_REPORT_CODE', '3/3600');
	},
	/**
	 * Days after a plan's period end during which figures are still counted for its final standing
	 * (final-year statistics are published in the next year). Records dated later, and live figures
	 * computed now, never decide a finished plan's standing.
	 */
	get planGraceDays(): number {
		return int('PLAN_GRACE_DAYS', 183);
	},
	/** below this many reports, indicator 52 shows its figure with 样本不足 instead of a status */
	get indicator52MinReports(): number {
		return int('INDICATOR_52_MIN_REPORTS', 30);
	},
	/**
	 * Time to resolve, per report category, each with its unit: `24h` clock hours or `5wd` working
	 * days ("code:24h,code:5wd,…"; `*` for any other category). Urgent reports (overflow,
	 * reservoir_zone, anything in the first-level zone) get 24 clock hours whatever this says.
	 * A bare number (the old REPORT_DEADLINE_DAYS form) means working days.
	 */
	get reportDeadlines(): Record<string, { n: number; unit: 'h' | 'wd' }> {
		const raw =
			process.env.REPORT_DEADLINES ||
			process.env.REPORT_DEADLINE_DAYS ||
			'overflow:24h,reservoir_zone:24h,water_debris:3wd,litter:3wd,illegal_dumping:7wd,other:7wd,construction_dumping:15wd';
		const out: Record<string, { n: number; unit: 'h' | 'wd' }> = {};
		for (const p of raw.split(',')) {
			const [k, v = ''] = p.split(':').map((x) => x.trim());
			const m = /^(\d+)(h|wd)?$/.exec(v);
			if (!k || !m || Number(m[1]) < 1) throw new Error(`REPORT_DEADLINES: "${p}" is not code:24h or code:5wd`);
			out[k] = { n: Number(m[1]), unit: (m[2] as 'h' | 'wd' | undefined) ?? 'wd' };
		}
		return out;
	},
	/** decimals of latitude/longitude shown publicly (3 ≈ 100 m), by category: "3" or "reservoir_zone:2,*:3" */
	get reportPublicDecimals(): Record<string, number> {
		const raw = str('REPORT_PUBLIC_DECIMALS', '3');
		if (/^\d$/.test(raw)) return { '*': Number(raw) };
		return Object.fromEntries(
			raw
				.split(',')
				.map((p) => p.split(':'))
				.map(([k, v]) => [k.trim(), Number(v)])
		);
	},
	/** Open311 POSTs per API key */
	get limitOpen311(): Limit {
		return limit('RATE_LIMIT_OPEN311', '120/3600');
	},
	get limitRegister(): Limit {
		return limit('RATE_LIMIT_REGISTER', '10/3600');
	},
	/** password-reset requests per address, and per account (extra requests are silently dropped) */
	get limitResetIp(): Limit {
		return limit('RATE_LIMIT_RESET_IP', '10/3600');
	},
	get limitResetAccount(): Limit {
		return limit('RATE_LIMIT_RESET_ACCOUNT', '3/3600');
	},
	/** invitations an organisation may send per window */
	get limitInvite(): Limit {
		return limit('RATE_LIMIT_INVITE', '20/86400');
	},
	/** minutes a password-reset link stays valid */
	get passwordResetMinutes() {
		return int('PASSWORD_RESET_MINUTES', 60);
	},
	/** hours a link confirming a registration or a new sign-in email stays valid */
	get emailConfirmHours() {
		return int('EMAIL_CONFIRM_HOURS', 48);
	},
	/** days an organisation's invitation stays valid */
	get inviteDays() {
		return int('INVITE_DAYS', 7);
	},
	/** map tiles; OpenStreetMap's by default (development); `none` turns the map off */
	get tileUrl() {
		const v = str('TILE_URL', 'https://tile.openstreetmap.org/{z}/{x}/{y}.png');
		return v === 'none' ? '' : v;
	},
	/** the tiles' origin, added to the CSP's img-src */
	get tileOrigin() {
		try {
			return config.tileUrl ? new URL(config.tileUrl.replace(/\{[a-z]\}/g, '0')).origin : '';
		} catch {
			return '';
		}
	},
	/** days after a report closes before the reporter's contact details are removed */
	get retentionReportContactDays() {
		return days('RETENTION_REPORT_CONTACT_DAYS', 180);
	},
	/** days after a report closes before the original (evidence) photos are deleted */
	get retentionReportOriginalsDays() {
		return days('RETENTION_REPORT_ORIGINALS_DAYS', 365);
	},
	/** days after a survey closes before invitation codes and device tokens are removed */
	get retentionSurveyIdsDays() {
		return days('RETENTION_SURVEY_IDS_DAYS', 90);
	},
	/** working days to answer a personal-data request */
	get rightsDeadlineWorkingDays() {
		return days('RIGHTS_DEADLINE_WORKING_DAYS', 15);
	},
	get siteIcp() {
		return str('SITE_ICP', '');
	},
	get sitePsb() {
		return str('SITE_PSB', '');
	},
	get siteId() {
		return str('SITE_ID', '');
	},
	/** sponsoring unit, "中文名|English name" (English optional) */
	get siteSponsor() {
		return str('SITE_SPONSOR', '');
	},
	/** contact line shown in the footer (phone, address or email) */
	get siteContact() {
		return str('SITE_CONTACT', '');
	},
	/** the 党政机关网站标识 verification link; the mark shows only when set */
	get siteGovMarkUrl() {
		return str('SITE_GOV_MARK_URL', '');
	},
	/** `auto`: email over SMTP when SMTP_URL is set, SMS through the webhook when SMS_WEBHOOK_URL is set, else `log` */
	get outboxSender() {
		return str('OUTBOX_SENDER', 'auto');
	},
	/** `smtp://user:pass@host:587` (STARTTLS required off this machine) or `smtps://…:465`; empty: email is only logged */
	get smtpUrl() {
		return str('SMTP_URL', '');
	},
	get mailFrom() {
		return str('MAIL_FROM', '密云区无废城市 <noreply@localhost>');
	},
	/** the SMS gateway's webhook; empty: SMS is only logged */
	get smsWebhookUrl() {
		return str('SMS_WEBHOOK_URL', '');
	},
	/** HMAC-SHA256 key for X-Signature; without it requests go unsigned (npm start warns) */
	get smsWebhookSecret() {
		return str('SMS_WEBHOOK_SECRET', '');
	},
	/** a 签名 put in front of every SMS text, for gateways that do not add the registered one */
	get smsSignature() {
		return str('SMS_SIGNATURE', '');
	},
	/** Lifetime of a cached public page; 0 turns the page cache off (see server/cache). */
	get pageCacheSeconds() {
		return int('PAGE_CACHE_SECONDS', 60);
	},
	get schedulerEnabled() {
		return str('SCHEDULER', 'on') !== 'off';
	}
};
