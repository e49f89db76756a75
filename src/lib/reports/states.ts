/**
 * The report state sets, defined once (browser-safe): services, pages, statistics and Open311 all
 * read them. Closed = the work is over (Open311 "closed"); everything else is open.
 */
export const CLOSED_STATUSES = ['resolved', 'rejected', 'duplicate'] as const;

/** Still being worked (open in Open311 terms). */
export const isOpenStatus = (s: string): boolean => !(CLOSED_STATUSES as readonly string[]).includes(s);
