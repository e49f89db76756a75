import { describe, it, expect } from 'vitest';
import { describeDevice } from './device';

describe('a signed-in device described from its User-Agent', () => {
	it('names the browser and the system, WeChat and HarmonyOS included', () => {
		expect(
			describeDevice(
				'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
			)
		).toEqual({ browser: 'Chrome', os: 'Android' });
		expect(
			describeDevice(
				'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49'
			)
		).toEqual({ browser: 'WeChat', os: 'iOS' });
		expect(
			describeDevice(
				'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'
			)
		).toEqual({ browser: 'Safari', os: 'macOS' });
		expect(
			describeDevice('Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) Chrome/99.0 Mobile Safari/537.36')
		).toEqual({
			browser: 'Chrome',
			os: 'HarmonyOS'
		});
		expect(describeDevice(null)).toEqual({ browser: null, os: null });
	});
});
