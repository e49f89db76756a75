import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import * as open311 from './open311';
import * as reportsSvc from './service';
import { setNow } from '../clock';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-20T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

describe('Open311 GeoReport v2', () => {
	it('issues keys once, checks and revokes them', () => {
		const { id, key } = open311.issueKey(t.db, 'admin-1', '12345 热线');
		expect(key).toMatch(/^[a-z2-7]{32}$/);
		expect(open311.checkKey(t.db, key)).toBe(id);
		expect(open311.checkKey(t.db, key + 'x')).toBeNull();
		expect(open311.revokeKey(t.db, 'admin-1', id)).toBe(true);
		expect(open311.checkKey(t.db, key)).toBeNull();
	});

	it('serialises a request in JSON and XML without contact, with coarse position and +08:00 times', async () => {
		const { id } = open311.issueKey(t.db, 'admin-1', 'client');
		const r = await reportsSvc.submit(
			t.db,
			{
				category: 'overflow',
				description: 'bin <full> & "smelly"',
				lat: '40.374567',
				lng: '116.839123',
				contact: 'someone@example.com'
			},
			[],
			'1.1.1.1',
			'zh-CN',
			{ via: 'open311', keyId: id }
		);
		if (!r.ok) throw new Error(JSON.stringify(r));
		const rep = reportsSvc.byCode(t.db, r.code)!;
		const [json] = open311.serialiseRequests(t.db, [rep], 'https://example.gov.cn');
		expect(json).toMatchObject({
			service_request_id: r.code,
			status: 'open',
			service_code: 'overflow',
			lat: 40.375,
			long: 116.839,
			requested_datetime: '2026-11-20T10:00:00+08:00',
			media_url: null
		});
		expect(JSON.stringify(json)).not.toContain('someone@example.com');
		const xml = open311.toXml('service_requests', 'request', [json]);
		expect(xml).toContain('<service_requests><request><service_request_id>' + r.code + '</service_request_id>');
		expect(xml).toContain('<description>bin &lt;full&gt; &amp; &quot;smelly&quot;</description>');
		expect(xml).toContain('<media_url/>');
	});

	it('serialises discovery and errors as the spec shows them', () => {
		const d = open311.toXml('discovery', 'endpoint', open311.discovery('https://x.cn'));
		expect(d).toContain('<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>');
		expect(d).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');
		expect(open311.errors([{ code: 400, description: 'bad' }], 'json').body).toBe('[{"code":400,"description":"bad"}]');
		expect(open311.errors([{ code: 400, description: 'bad' }], 'xml').body).toContain(
			'<errors><error><code>400</code><description>bad</description></error></errors>'
		);
	});

	it('filters requests by status, code and dates; refuses bad filters', async () => {
		const { id } = open311.issueKey(t.db, 'admin-1', 'client');
		await reportsSvc.submit(
			t.db,
			{ category: 'litter', description: 'litter by the road', lat: '40.37', lng: '116.84' },
			[],
			'1',
			'zh-CN',
			{ via: 'open311', keyId: id }
		);
		const f = (s: string) => {
			const p = open311.parseRequestFilters(new URLSearchParams(s));
			if (!p.ok) throw new Error(p.description);
			return open311.findRequests(t.db, p.f);
		};
		expect(f('')).toHaveLength(1);
		expect(f('status=closed')).toHaveLength(0);
		expect(f('service_code=overflow')).toHaveLength(0);
		expect(f('start_date=2026-11-21T00:00:00%2B08:00')).toHaveLength(0);
		expect(open311.parseRequestFilters(new URLSearchParams('status=maybe')).ok).toBe(false);
		expect(open311.parseRequestFilters(new URLSearchParams('start_date=yesterday')).ok).toBe(false);
		expect(open311.parseRequestFilters(new URLSearchParams('service_code=castle')).ok).toBe(false);
	});
});

describe('Open311 POST fields (postSchema over formValues, as the route reads them)', () => {
	it('reads each field once, trimmed, and absent ones as empty', async () => {
		const { formValues } = await import('../forms');
		const form = new FormData();
		form.append('api_key', '  k1  ');
		form.append('service_code', 'litter');
		form.append('service_code', 'overflow'); // repeated: the first counts, as form.get reads it
		form.append('lat', ' 40.37 ');
		form.append('long', '116.84');
		const f = open311.postSchema.parse(formValues(form));
		expect(f).toMatchObject({ api_key: 'k1', service_code: 'litter', lat: '40.37', long: '116.84' });
		expect(f.description).toBe('');
		expect(f.phone).toBe('');
	});
});
