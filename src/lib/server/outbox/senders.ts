/**
 * The real senders: email over SMTP (nodemailer) and SMS through the gateway's webhook. Each
 * delivers one outbox row or throws; `PermanentError` means retrying cannot help (a 4xx from the
 * gateway, a 5xx reply from the mail server), anything else is retried.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { config } from '../config';
import type { OutboxRow } from './index';
import { maskRecipient } from './scrub';

export class PermanentError extends Error {}

export const SMS_TIMEOUT_MS = 10000;

/** True for hosts on this machine, where plain SMTP (a local catcher) is accepted. */
export function isLoopback(host: string): boolean {
	const h = host.replace(/^\[|\]$/g, '').toLowerCase();
	return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** nodemailer's options for SMTP_URL: STARTTLS required off-loopback (smtps is TLS from the start). */
export function smtpOptions(url: string) {
	const u = new URL(url);
	const secure = u.protocol === 'smtps:';
	if (!secure && u.protocol !== 'smtp:') throw new Error('SMTP_URL must start with smtp:// or smtps://');
	const loopback = isLoopback(u.hostname);
	return {
		host: u.hostname.replace(/^\[|\]$/g, ''),
		port: Number(u.port) || (secure ? 465 : 587),
		secure,
		requireTLS: !secure && !loopback,
		auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
		connectionTimeout: 10000,
		greetingTimeout: 10000,
		socketTimeout: 20000
	};
}

let transport: { url: string; t: Transporter } | null = null;
function transporter(): Transporter {
	const url = config.smtpUrl;
	if (!transport || transport.url !== url) {
		transport?.t.close();
		transport = { url, t: nodemailer.createTransport(smtpOptions(url)) };
	}
	return transport.t;
}

const escape = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The simple HTML part: the text's paragraphs, links made clickable, nothing else. */
export function toHtml(text: string, locale: string | null): string {
	const paras = text
		.split(/\n{2,}/)
		.map((p) =>
			escape(p)
				.replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`)
				.replace(/\n/g, '<br>')
		)
		.map((p) => `<p>${p}</p>`)
		.join('\n');
	return `<!doctype html><html lang="${locale === 'en' ? 'en' : 'zh-CN'}"><body style="font-family:sans-serif;line-height:1.6;max-width:40em">\n${paras}\n</body></html>`;
}

/**
 * The email as nodemailer composes it. A message that carries a one-click unsubscribe link (the
 * `unsubscribeLink` parameter: a follower's "stop following") also names it in `List-Unsubscribe`
 * with `List-Unsubscribe-Post` (RFC 8058), so mail programs offer their own unsubscribe button;
 * the link answers both the click (GET) and the mail program's POST.
 */
export function mailOf(m: OutboxRow) {
	const headers: Record<string, string> = { 'X-Message-Id': messageId(m) };
	const stop = unsubscribeLink(m);
	if (stop) {
		headers['List-Unsubscribe'] = `<${stop}>`;
		headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
	}
	return {
		from: config.mailFrom,
		to: m.recipient,
		subject: m.subject,
		text: m.body,
		html: toHtml(m.body, m.locale),
		headers
	};
}

function unsubscribeLink(m: Pick<OutboxRow, 'params'>): string | null {
	if (!m.params) return null;
	try {
		const u = (JSON.parse(m.params) as Record<string, unknown>).unsubscribeLink;
		return typeof u === 'string' && /^https?:\/\/[^\s<>]+$/.test(u) ? u : null;
	} catch {
		return null;
	}
}

export async function sendEmail(m: OutboxRow): Promise<void> {
	try {
		await transporter().sendMail(mailOf(m));
	} catch (e) {
		const code = (e as { responseCode?: number }).responseCode;
		// a 5xx reply (no such mailbox, refused) will not change on retry; connection errors might
		if (code && code >= 500 && code < 600) throw new PermanentError(`SMTP ${code}: ${(e as Error).message}`);
		throw e;
	}
}

/** Stable across retries, so the gateway can de-duplicate. */
export function messageId(m: Pick<OutboxRow, 'id' | 'createdAt'>): string {
	return `${m.id}-${m.createdAt.getTime().toString(36)}`;
}

export function signature(secret: string, timestamp: string, body: string): string {
	return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export async function sendSms(m: OutboxRow): Promise<void> {
	const id = messageId(m);
	const body = JSON.stringify({
		id,
		to: m.recipient,
		template: m.template ?? 'message',
		params: m.params ? JSON.parse(m.params) : {},
		text: m.body
	});
	const ts = String(Math.floor(Date.now() / 1000));
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'X-Timestamp': ts,
		'X-Message-Id': id
	};
	if (config.smsWebhookSecret) headers['X-Signature'] = signature(config.smsWebhookSecret, ts, body);
	let res: Response;
	try {
		res = await fetch(config.smsWebhookUrl, {
			method: 'POST',
			headers,
			body,
			signal: AbortSignal.timeout(SMS_TIMEOUT_MS)
		});
	} catch (e) {
		const err = e as Error;
		throw new Error(
			err.name === 'TimeoutError'
				? `no answer within ${SMS_TIMEOUT_MS / 1000} s`
				: `${err.message} ${err.cause ?? ''}`.trim()
		);
	}
	await res.body?.cancel();
	if (res.ok) return;
	const s = res.status;
	if (s === 408 || s === 429 || s >= 500) throw new Error(`gateway answered ${s}`);
	throw new PermanentError(`gateway refused: ${s}`);
}

export function log(m: OutboxRow): Promise<void> {
	// never prints a body (it may hold a link or a code), and masks the recipient
	console.log(`[outbox] ${m.channel} to ${maskRecipient(m.recipient)}: ${m.subject}`);
	return Promise.resolve();
}

/** Whether anything reaches people (false: every message only goes to the log). */
export function delivering(): { email: boolean; sms: boolean } {
	const auto = config.outboxSender === 'auto';
	return { email: auto && !!config.smtpUrl, sms: auto && !!config.smsWebhookUrl };
}

/** The sender for a row under OUTBOX_SENDER=auto. */
export function route(m: OutboxRow): (m: OutboxRow) => Promise<void> {
	if (m.channel === 'email' && config.smtpUrl) return sendEmail;
	if (m.channel === 'sms' && config.smsWebhookUrl) return sendSms;
	return log;
}

/** The start-up warnings: nothing delivered, or SMS unsigned. */
export function startupWarnings(): string[] {
	const w: string[] = [];
	const d = delivering();
	if (!d.email && !d.sms)
		w.push('[outbox] neither SMTP_URL nor SMS_WEBHOOK_URL is set: messages are written to this log, not delivered');
	if (config.smsWebhookUrl && !config.smsWebhookSecret)
		w.push('[outbox] SMS_WEBHOOK_SECRET is not set: SMS webhook requests go unsigned');
	if (config.smtpUrl) {
		try {
			smtpOptions(config.smtpUrl);
		} catch (e) {
			w.push(`[outbox] ${(e as Error).message}`);
		}
	}
	return w;
}
