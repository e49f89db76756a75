/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from
 * 0-9 and A-Z without I, O, Z, S, V; the last is a check character over the first 17 with
 * weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normaliseCreditCode(raw: string): string {
	return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function creditCodeCheckChar(first17: string): string | null {
	let sum = 0;
	for (let i = 0; i < 17; i++) {
		const v = ALPHABET.indexOf(first17[i]);
		if (v < 0) return null;
		sum += v * WEIGHTS[i];
	}
	return ALPHABET[(31 - (sum % 31)) % 31];
}

export function isValidCreditCode(raw: string): boolean {
	const code = normaliseCreditCode(raw);
	if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
	return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}
