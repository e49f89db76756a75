// A real SMTP server (smtp-server, plain SMTP on loopback) and a local HTTP receiver for the SMS
// gateway webhook, both on ports the system picks, for journeys that read what was delivered.
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export type Mail = { to: string; subject: string; text: string; html: string };
export type Sms = {
	headers: http.IncomingHttpHeaders;
	raw: string;
	body: { id: string; to: string; template: string; params: Record<string, unknown>; text: string };
};

export async function startMailbox(port = 0) {
	const mails: Mail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, cb) {
			simpleParser(stream)
				.then((p) => {
					for (const rcpt of session.envelope.rcptTo)
						mails.push({ to: rcpt.address, subject: p.subject ?? '', text: p.text ?? '', html: String(p.html || '') });
					cb();
				})
				.catch(cb);
		}
	});
	await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
	const actual = (server.server.address() as AddressInfo).port;
	return {
		port: actual,
		url: `smtp://127.0.0.1:${actual}`,
		mails,
		close: () => new Promise<void>((r) => server.close(() => r()))
	};
}

export async function startSmsReceiver(answer: () => number = () => 200) {
	const got: Sms[] = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (d) => (raw += d));
		req.on('end', () => {
			got.push({ headers: req.headers, raw, body: JSON.parse(raw) });
			res.statusCode = answer();
			res.end();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/sms`,
		got,
		close: () => new Promise<void>((r) => server.close(() => r()))
	};
}

export const hmac = (secret: string, ts: string, body: string) =>
	'sha256=' + createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');

/** Waits until `find` returns something (polling), or fails after `ms`. */
export async function arrives<T>(find: () => T | undefined, ms = 15000, what = 'a message'): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = find();
		if (v) return v;
		if (Date.now() > end) throw new Error(`${what} did not arrive within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** The first link in a text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
	const m = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^\\s<>"]*`).exec(text);
	if (!m) throw new Error(`no link starting ${prefix} in:\n${text}`);
	return m[0];
}
