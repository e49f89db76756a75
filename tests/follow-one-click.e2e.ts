/**
 * Issue 17: every follow update names its stop link in List-Unsubscribe with
 * List-Unsubscribe-Post (RFC 8058; the header is unit-tested in outbox/recipients.spec.ts). A mail
 * program's own unsubscribe button then POSTs `List-Unsubscribe=One-Click` to that link, from no
 * page and with no Origin header: the follow ends. No browser needed.
 */
import Database from 'better-sqlite3';
import { test, expect, dbPath, origin } from './kit';

test('a mail program’s one-click POST (no Origin) ends the follow; other posts without Origin are still refused', async () => {
	const token = `oneclick${Date.now().toString(36)}`.padEnd(22, 'x').slice(0, 22);
	const db = new Database(dbPath());
	db.pragma('busy_timeout = 5000');
	db.prepare(
		'insert into report_follows (report_code, email, token, locale, created_at, confirmed_at) values (?, ?, ?, ?, ?, ?)'
	).run('ABCD2345', 'one-click@example.com', token, 'zh-CN', Date.now(), Date.now());
	const left = () => db.prepare('select count(*) as n from report_follows where token = ?').get(token) as { n: number };
	expect(left().n).toBe(1);

	const post = (path: string) =>
		fetch(`${origin()}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click',
			redirect: 'manual'
		});
	const r = await post(`/report/follow/${token}/stop`);
	expect(r.status).toBe(200);
	expect(left().n).toBe(0);
	// the exception is that path alone: any other form post without Origin stays refused
	expect((await post(`/report/follow/${token}`)).status).toBe(403);
	expect((await post('/feedback')).status).toBe(403);
	db.close();
});
