import { describe, it, expect } from 'vitest';
import { trackingCode, privatePathIn } from './outbox';

// the queue reads the tracking code from the form action's redirect (either language)
describe('trackingCode', () => {
	it('takes the code from /report/track/CODE, with or without /en and a query', () => {
		expect(trackingCode('/report/track/K7M2Q9XH?new=1')).toBe('K7M2Q9XH');
		expect(trackingCode('/en/report/track/K7M2Q9XH')).toBe('K7M2Q9XH');
	});
	it('finds none where the redirect goes elsewhere or the code is malformed', () => {
		expect(trackingCode('/report')).toBeNull();
		expect(trackingCode('/report/track/K7M2Q9XH0')).toBeNull();
		expect(trackingCode('/report/track/k7m2q9xh')).toBeNull();
	});
});

describe('privatePathIn', () => {
	it("finds the reporter's private path in the confirmation page, in either language", () => {
		const key = 'aB3_-'.repeat(6) + 'xY';
		expect(privatePathIn(`<input value="https://x.gov.cn/report/mine/${key}" readonly>`)).toBe(`/report/mine/${key}`);
		expect(privatePathIn(`<input value="http://127.0.0.1:3000/en/report/mine/${key}">`)).toBe(`/en/report/mine/${key}`);
		expect(privatePathIn('<p>no key here</p>')).toBeNull();
		expect(privatePathIn(`/report/mine/${key}extra`)).toBeNull();
	});
});
