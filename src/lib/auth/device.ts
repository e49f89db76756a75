/**
 * A signed-in device described from its User-Agent, for the list on /account: the browser and the
 * system, or null when the string says neither (then the page just says "a browser").
 */
export interface Device {
	browser: string | null;
	os: string | null;
}

const BROWSERS: [RegExp, string][] = [
	[/MicroMessenger/i, 'WeChat'],
	[/EdgA?\//, 'Edge'],
	[/Firefox\//, 'Firefox'],
	[/(?:Chrome|CriOS|Chromium)\//, 'Chrome'],
	[/Version\/[\d.]+.*Safari\//, 'Safari']
];
const SYSTEMS: [RegExp, string][] = [
	[/HarmonyOS/, 'HarmonyOS'],
	[/Android/, 'Android'],
	[/iPhone|iPad|iPod/, 'iOS'],
	[/Windows/, 'Windows'],
	[/Mac OS X|Macintosh/, 'macOS'],
	[/Linux/, 'Linux']
];

export function describeDevice(userAgent: string | null | undefined): Device {
	const ua = userAgent ?? '';
	return {
		browser: BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null,
		os: SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null
	};
}
