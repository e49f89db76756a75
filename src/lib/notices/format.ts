import { districtDay } from '$lib/time/zone';

/** ISO timestamp → the district day it fell on (YYYY-MM-DD, Asia/Shanghai). */
export function districtDayOf(iso: string): string {
	return districtDay(new Date(iso));
}
