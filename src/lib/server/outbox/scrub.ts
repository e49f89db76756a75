/** What a log line or a delivered row may keep of a message (issue 16: no usable link after delivery). */

/** The recipient as a log line may show it: `*******1234`, `an***@example.org`. */
export function maskRecipient(r: string): string {
	if (r.includes('@')) return r.replace(/^([^@]{1,2})[^@]*@/, '$1***@');
	return r.length > 4 ? '*'.repeat(r.length - 4) + r.slice(-4) : '****';
}

/**
 * What stays of a body once delivered: capability links and keys (any run of 20+ URL-safe
 * characters) and one-time codes (a lone 6-digit number) are removed, so the outbox never holds
 * a usable link after it has done its job.
 */
export function scrubDelivered(body: string): string {
	return body
		.replace(/https?:\/\/\S*[A-Za-z0-9_-]{20,}\S*/g, '[link removed after delivery]')
		.replace(/[A-Za-z0-9_-]{20,}/g, '[removed after delivery]')
		.replace(/(?<![\d-])\d{6}(?![\d-])/g, '[code removed after delivery]');
}
