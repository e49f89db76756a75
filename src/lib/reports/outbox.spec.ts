import { describe, it, expect } from 'vitest';
import { trackingCode } from './outbox';

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
