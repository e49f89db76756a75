import type { ParamMatcher } from '@sveltejs/kit';

/** A positive whole number without leading zeros (indicator and task numbers). */
export const match: ParamMatcher = (param) => /^[1-9]\d{0,3}$/.test(param);
