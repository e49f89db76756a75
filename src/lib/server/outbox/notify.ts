/**
 * The one way features send a message: `notify(tx, 'report.ack', contact, { code, link }, locale)`
 * inside the transaction that causes it. The recipient is an email address or a mainland mobile
 * number (the channel follows from it). Parameters named `link` or ending in `Link` are site paths:
 * email gets the full localised URL, SMS a short `/k/<token>` link.
 */
import { and, eq } from 'drizzle-orm';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Executor, Tx } from '../db';
import { enqueue, type Channel } from './index';
import { shortLinks, messagePrefs, messageLocales } from './schema';
import { users, organisations } from '../auth/schema';
import { render, TEMPLATES, type TemplateName, type Locale, type Kind } from './templates';
import { config } from '../config';
import { nowMs } from '../clock';

const PHONE_RE = /^1[3-9]\d{9}$/;

/** The channel for a contact left on a form, or null when it is neither an address nor a mobile number. */
export function channelOf(contact: string): Channel | null {
	const c = contact.trim();
	if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c)) return 'email';
	if (PHONE_RE.test(c.replace(/[\s-]/g, '').replace(/^\+?86/, ''))) return 'sms';
	return null;
}

const normalise = (contact: string, ch: Channel) =>
	ch === 'sms' ? contact.replace(/[\s-]/g, '').replace(/^\+?86/, '') : contact.trim().toLowerCase();

const isLinkKey = (k: string) => k === 'link' || k.endsWith('Link');

/** 16 random bytes as base64url: 22 characters. */
export function shortToken(): string {
	return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
}

export const SHORT_LINK_DAYS = 30;

/**
 * A short link stores neither its token nor where it leads in the clear: the row is found by a
 * hash of the token and its path is sealed (AES-256-GCM) under a key derived from the token. A
 * path may hold a reporter's private key (issue 16: stored only as a hash), and only the person
 * holding the message can open it.
 */
const derive = (token: string, label: string) => createHash('sha256').update(`${label}:${token}`).digest();

export function shortLink(tx: Tx, path: string, days = SHORT_LINK_DAYS): string {
	const token = shortToken();
	const t = nowMs();
	const iv = randomBytes(12);
	const c = createCipheriv('aes-256-gcm', derive(token, 'seal'), iv);
	const sealed = Buffer.concat([iv, c.update(path, 'utf8'), c.final(), c.getAuthTag()]).toString('base64url');
	tx.insert(shortLinks)
		.values({
			token: derive(token, 'id').toString('base64url'),
			path: sealed,
			createdAt: new Date(t),
			expiresAt: new Date(t + days * 86400000)
		})
		.run();
	return `${config.origin}/k/${token}`;
}

/** Where a short link leads, while it is valid. */
export function resolveShortLink(db: Executor, token: string): string | null {
	if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return null;
	const r = db
		.select()
		.from(shortLinks)
		.where(eq(shortLinks.token, derive(token, 'id').toString('base64url')))
		.get();
	if (!r || r.expiresAt.getTime() <= nowMs()) return null;
	try {
		const b = Buffer.from(r.path, 'base64url');
		const d = createDecipheriv('aes-256-gcm', derive(token, 'seal'), b.subarray(0, 12));
		d.setAuthTag(b.subarray(b.length - 16));
		return Buffer.concat([d.update(b.subarray(12, b.length - 16)), d.final()]).toString('utf8');
	} catch {
		return null;
	}
}

export const fullLink = (locale: Locale, path: string) => `${config.origin}${locale === 'en' ? '/en' : ''}${path}`;

/**
 * Queue one message. Outcomes: true when queued; false when the contact is not usable or the
 * dedupe key was used before.
 */
export function notify(
	tx: Tx,
	template: TemplateName,
	recipient: string,
	params: Record<string, string | number>,
	locale: Locale,
	opts: { dedupeKey?: string; channel?: Channel } = {}
): boolean {
	const channel = opts.channel ?? channelOf(recipient);
	if (!channel || channel === 'site') return false;
	const to = normalise(recipient, channel);
	const p: Record<string, string | number> = {};
	for (const [k, v] of Object.entries(params))
		p[k] =
			isLinkKey(k) && typeof v === 'string' && v.startsWith('/')
				? channel === 'sms'
					? shortLink(tx, (locale === 'en' ? '/en' : '') + v)
					: fullLink(locale, v)
				: v;
	const r = render(template, p, locale);
	if (channel === 'sms' && !(TEMPLATES[template] as { sms?: string }).sms) return false;
	const body = channel === 'sms' ? `${config.smsSignature ? `【${config.smsSignature}】` : ''}${r.sms}` : r.text;
	return enqueue(tx, {
		channel,
		recipient: to,
		subject: r.subject,
		body,
		template,
		params: p,
		locale,
		dedupeKey: opts.dedupeKey ? `${opts.dedupeKey}:${channel}:${to}` : undefined
	});
}

/** A user's channels for a kind: email on and SMS off unless they chose otherwise. */
export function prefsFor(tx: Tx, userId: string, kind: Kind): { email: boolean; sms: boolean } {
	const r = tx
		.select()
		.from(messagePrefs)
		.where(and(eq(messagePrefs.userId, userId), eq(messagePrefs.kind, kind)))
		.get();
	return r ? { email: r.email, sms: r.sms } : { email: true, sms: false };
}

export function setPrefs(tx: Tx, userId: string, kind: Kind, p: { email: boolean; sms: boolean }): void {
	tx.delete(messagePrefs)
		.where(and(eq(messagePrefs.userId, userId), eq(messagePrefs.kind, kind)))
		.run();
	tx.insert(messagePrefs)
		.values({ userId, kind, ...p })
		.run();
}

/** The language a user reads messages in: their choice, else Chinese. */
export function localeOf(db: Executor, userId: string): Locale {
	const r = db.select().from(messageLocales).where(eq(messageLocales.userId, userId)).get();
	return r?.locale === 'en' ? 'en' : 'zh-CN';
}

export function setLocale(tx: Tx, userId: string, locale: Locale): void {
	tx.insert(messageLocales)
		.values({ userId, locale })
		.onConflictDoUpdate({ target: messageLocales.userId, set: { locale } })
		.run();
}

type Params = Record<string, string | number>;

/**
 * Send to a staff or organisation user by their preferences, in their language (`localeOf`):
 * email to their sign-in address, SMS to their organisation's contact mobile. Parameters that
 * hold words (a category, an item's name) are given as a function of the recipient's language.
 * Returns how many messages were queued.
 */
export function notifyUser(
	tx: Tx,
	userId: string,
	template: TemplateName,
	params: Params | ((locale: Locale) => Params),
	opts: { dedupeKey?: string; locale?: Locale } = {}
): number {
	const u = tx
		.select({ email: users.email, orgId: users.orgId, disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.id, userId))
		.get();
	if (!u || u.disabledAt) return 0;
	const pref = prefsFor(tx, userId, TEMPLATES[template].kind);
	const locale = opts.locale ?? localeOf(tx, userId);
	const p = typeof params === 'function' ? params(locale) : params;
	let n = 0;
	if (pref.email && notify(tx, template, u.email, p, locale, opts)) n++;
	if (pref.sms && u.orgId) {
		const org = tx
			.select({ phone: organisations.contactPhone })
			.from(organisations)
			.where(eq(organisations.id, u.orgId))
			.get();
		if (org && notify(tx, template, org.phone, p, locale, opts)) n++;
	}
	return n;
}
