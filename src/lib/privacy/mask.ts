/**
 * Masking personal contact details in staff lists and exports: 13812341234 → 138****1234,
 * 010-69012345 → 010-****2345, zhang.san@example.com → z***@example.com. Anything else keeps
 * its first and last character only.
 */
export function maskContact(raw: string | null | undefined): string {
	if (!raw) return '';
	const s = raw.trim();
	const mobile = /^(\+?86[-\s]?)?(1\d{2})[-\s]?(\d{4})[-\s]?(\d{4})$/.exec(s);
	if (mobile) return `${mobile[1] ?? ''}${mobile[2]}****${mobile[4]}`;
	const landline = /^(\(?0\d{2,3}\)?[-\s]?)(\d{3,4})[-\s]?(\d{4})$/.exec(s);
	if (landline) return `${landline[1]}****${landline[3]}`;
	const email = /^([^@\s])[^@\s]*(@[^@\s]+)$/.exec(s);
	if (email) return `${email[1]}***${email[2]}`;
	if (s.length <= 2) return '*'.repeat(s.length);
	return `${s[0]}${'*'.repeat(Math.min(6, s.length - 2))}${s[s.length - 1]}`;
}
