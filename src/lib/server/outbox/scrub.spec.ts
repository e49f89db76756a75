import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { enqueue, deliverDue } from '.';
import { outbox } from './schema';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => {
	vi.restoreAllMocks();
	t.close();
});

const TOKEN = 'q7k2m9x4w8r3t6y1u5i0o2p4a6s8d0f2g4h6j8k0l2';
const BODY = `重置密码：https://miyun.example/login/reset/${TOKEN}\n验证码 482913，10 分钟内有效。`;

describe('messages at rest and in the log (issue 16)', () => {
	it('a delivered message keeps no usable link, key or code; the log sender masks the recipient and prints no body', async () => {
		const lines: string[] = [];
		vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
		t.db.transaction((tx) => {
			enqueue(tx, { channel: 'email', recipient: 'zhang.san@example.org', subject: '重置密码', body: BODY });
			enqueue(tx, { channel: 'sms', recipient: '13812345678', subject: '验证码', body: BODY });
		});
		expect(await deliverDue(t.db, 'log')).toEqual({ sent: 2, failed: 0 });
		for (const row of t.db.select().from(outbox).where(eq(outbox.status, 'sent')).all()) {
			expect(row.body).not.toContain(TOKEN);
			expect(row.body).not.toContain('482913');
			expect(row.body).toContain('[link removed after delivery]');
		}
		const log = lines.filter((l) => l.startsWith('[outbox]'));
		expect(log).toHaveLength(2);
		const all = log.join('\n');
		expect(all).toContain('zh***@example.org');
		expect(all).toContain('*******5678');
		for (const secret of ['zhang.san', '13812345678', TOKEN, '482913', 'login/reset'])
			expect(all).not.toContain(secret);
	});
});
