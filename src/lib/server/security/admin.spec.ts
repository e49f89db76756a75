import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import * as security from './index';
import { search } from './admin';
import { setNow, advance } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	// 2026-11-02 23:30 in the district (15:30 UTC)
	setNow(new Date('2026-11-02T15:30:00Z'), { freeze: true });
	vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
	vi.restoreAllMocks();
	t.close();
});

const q = (o: Record<string, string>) => search(t.db, o);

describe('/admin/security search', () => {
	it('finds a person by email and shows the email, filters by event, address and district days', async () => {
		const s = await staff(t.db, { email: 'who@example.gov.cn' });
		security.record(t.db, 'login.failed', { user: s.userId, ip: '192.0.2.1' });
		advance(3600000); // 00:30 on 11-03 in the district
		security.record(t.db, 'csrf.refused', { ip: '192.0.2.2', detail: { path: '/login' } });
		expect(q({ user: 'WHO@example.gov.cn' }).rows).toMatchObject([
			{ event: 'login.failed', user: 'who@example.gov.cn', ip: '192.0.2.1' }
		]);
		expect(q({ user: s.userId }).rows).toHaveLength(1);
		expect(q({ user: 'nobody@example.com' }).rows).toHaveLength(0);
		expect(q({ event: 'csrf.refused' }).rows).toMatchObject([{ detail: [['path', '/login']] }]);
		expect(q({ ip: '192.0.2.2' }).rows).toHaveLength(1);
		expect(q({ to: '2026-11-02' }).rows.map((r) => r.event)).toEqual(['login.failed']);
		expect(q({ from: '2026-11-03', to: '2026-11-03' }).rows.map((r) => r.event)).toEqual(['csrf.refused']);
		expect(q({}).rows).toHaveLength(2);
	});

	it('a filter it cannot read is an error on its field, keeps what was typed, and lists nothing', () => {
		security.record(t.db, 'login.failed', { ip: '192.0.2.1' });
		const r = q({ event: 'drop table', from: '2026-13-45', ip: ' 192.0.2.1 ' });
		expect(r.errors).toEqual({ event: 'choose', from: 'bad_date' });
		expect(r.values).toMatchObject({ event: 'drop table', from: '2026-13-45', ip: '192.0.2.1' });
		expect(r.rows).toEqual([]);
	});
});
