import { m } from '$lib/paraglide/messages';

const STATUS: Record<string, () => string> = {
	draft: m.notices_status_draft,
	published: m.notices_status_published,
	unpublished: m.notices_status_unpublished
};
export const noticeStatusLabel = (s: string) => STATUS[s]?.() ?? s;
