/**
 * 通知公告: staff write bilingual notices (Markdown without raw HTML), publish and unpublish them
 * (one transition table, each step audited); the public sees published ones, with an Atom feed.
 */
import { and, desc, eq } from 'drizzle-orm';
import MarkdownIt from 'markdown-it';
import type { DB, Executor } from '../db';
import type { SessionUser } from '../auth/session';
import { can } from '../auth/permissions';
import * as audit from '../audit';
import * as files from '../files';
import { defineWorkflow, transition as transitionTo, isConflict } from '../workflow';
import { now } from '../clock';
import { notices } from './schema';
import { fieldErrors } from '../forms';
import { noticeForm, type NoticeInput } from './form';

export type Notice = typeof notices.$inferSelect;
export type NoticeStatus = Notice['status'];

// raw HTML is escaped, images are off (the CSP would block remote ones anyway), links are checked
// by markdown-it's validateLink (no javascript:, vbscript:, file:, data:)
const md = new MarkdownIt({ html: false, linkify: true, breaks: true }).disable('image');
const defaultLink =
	md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
	const href = String(tokens[idx].attrGet('href') ?? '');
	if (/^https?:\/\//i.test(href)) tokens[idx].attrSet('rel', 'noopener nofollow');
	return defaultLink(tokens, idx, options, env, self);
};

/** Markdown → HTML safe to place in the page. */
export function render(markdown: string): string {
	return md.render(markdown);
}

export function validate(
	raw: Record<string, unknown>
): { ok: true; input: NoticeInput } | { ok: false; errors: Record<string, string> } {
	const r = noticeForm.safeParse(raw);
	return r.success ? { ok: true, input: r.data } : { ok: false, errors: fieldErrors(r.error) };
}

/** Notices are managed by holders of `notices.manage` (checked before the table). */
export const workflow = defineWorkflow<NoticeStatus, 'manager', never, 'publish' | 'unpublish'>('notice', {
	publish: { from: ['draft', 'unpublished'], to: 'published', who: ['manager'] },
	unpublish: { from: ['published'], to: 'unpublished', who: ['manager'] }
});
export const TRANSITIONS = workflow.steps;
const STORE = { table: notices, id: notices.id, status: notices.status };

/** Creates a draft. Outcomes: `{ ok, id }` or `forbidden`. */
export function create(
	db: DB,
	user: SessionUser,
	input: NoticeInput,
	document: files.PreparedFile | null
): { ok: true; id: number } | { ok: false; error: 'forbidden' } {
	if (!can(user, 'notices.manage')) return { ok: false, error: 'forbidden' };
	return db.transaction((tx) => {
		const at = now();
		const row = tx
			.insert(notices)
			.values({ ...input, status: 'draft', createdBy: user.id, createdAt: at, updatedAt: at })
			.returning({ id: notices.id })
			.get();
		if (document) {
			files.attach(tx, document, 'notices', String(row.id));
			tx.update(notices).set({ fileId: document.id }).where(eq(notices.id, row.id)).run();
		}
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'notice.create',
			subject: { type: 'notice', id: String(row.id) },
			to: 'draft',
			after: { titleZh: input.titleZh }
		});
		return { ok: true as const, id: row.id };
	});
}

/** Edits the text (and optionally replaces the attachment). Outcomes: ok, `not_found`, `forbidden`. */
export function update(
	db: DB,
	user: SessionUser,
	id: number,
	input: NoticeInput,
	document: files.PreparedFile | null
): { ok: true } | { ok: false; error: 'forbidden' | 'not_found' } {
	if (!can(user, 'notices.manage')) return { ok: false, error: 'forbidden' };
	const before = db.select().from(notices).where(eq(notices.id, id)).get();
	if (!before) return { ok: false, error: 'not_found' };
	db.transaction((tx) => {
		if (document) files.attach(tx, document, 'notices', String(id));
		tx.update(notices)
			.set({ ...input, ...(document ? { fileId: document.id } : {}), updatedAt: now() })
			.where(eq(notices.id, id))
			.run();
		audit.record(tx, {
			actor: { type: 'user', id: user.id },
			action: 'notice.update',
			subject: { type: 'notice', id: String(id) },
			before: { titleZh: before.titleZh, titleEn: before.titleEn },
			after: { titleZh: input.titleZh, titleEn: input.titleEn }
		});
	});
	return { ok: true };
}

/** publish / unpublish. Outcomes: ok, `not_found`, `forbidden`, `illegal` (not from this state). */
export function transition(
	db: DB,
	user: SessionUser,
	id: number,
	action: keyof typeof TRANSITIONS
): { ok: true } | { ok: false; error: 'forbidden' | 'not_found' | 'illegal' | 'conflict' } {
	if (!can(user, 'notices.manage')) return { ok: false, error: 'forbidden' };
	if (!workflow.isAction(action)) return { ok: false, error: 'illegal' };
	const n = db.select().from(notices).where(eq(notices.id, id)).get();
	if (!n) return { ok: false, error: 'not_found' };
	if (!workflow.allowed(action, n.status, 'manager')) return { ok: false, error: 'illegal' };
	const at = now();
	const published = workflow.steps[action].to === 'published';
	try {
		db.transaction((tx) =>
			transitionTo(tx, workflow, STORE, {
				action,
				key: id,
				from: n.status,
				set: { updatedAt: at, publishedAt: published ? (n.publishedAt ?? at) : n.publishedAt },
				actor: { type: 'user', id: user.id }
			})
		);
	} catch (e) {
		if (isConflict(e)) return { ok: false, error: 'conflict' };
		throw e;
	}
	return { ok: true };
}

export function published(db: Executor, limit = 50): Notice[] {
	return db
		.select()
		.from(notices)
		.where(eq(notices.status, 'published'))
		.orderBy(desc(notices.publishedAt), desc(notices.id))
		.limit(limit)
		.all();
}

export function all(db: Executor): Notice[] {
	return db.select().from(notices).orderBy(desc(notices.updatedAt)).all();
}

export function get(db: Executor, id: number): Notice | undefined {
	return db.select().from(notices).where(eq(notices.id, id)).get();
}

/** A notice as a visitor may see it: published only. */
export function getPublished(db: Executor, id: number): Notice | undefined {
	return db
		.select()
		.from(notices)
		.where(and(eq(notices.id, id), eq(notices.status, 'published')))
		.get();
}

// attachments follow their notice: public once published, staff always
export const fileAccess: Record<string, files.AccessRule> = {
	notices: (db, file, user) => {
		const n = db.select().from(notices).where(eq(notices.fileId, file.id)).get();
		if (!n) return false;
		return n.status === 'published' || can(user, 'notices.manage');
	}
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The Atom feed (RFC 4287) of published notices in one language. */
export function atom(
	list: Notice[],
	opts: { origin: string; locale: 'zh-CN' | 'en'; title: string; /** for an empty feed */ updated: Date }
): string {
	const en = opts.locale === 'en';
	const base = `${opts.origin}${en ? '/en' : ''}`;
	const entries = list
		.map((n) => {
			const url = `${base}/notices/${n.id}`;
			return `<entry><id>${esc(url)}</id><title>${esc(en ? n.titleEn : n.titleZh)}</title><link rel="alternate" href="${esc(url)}"/><published>${n.publishedAt!.toISOString()}</published><updated>${n.updatedAt.toISOString()}</updated><content type="html">${esc(render(en ? n.bodyEn : n.bodyZh))}</content></entry>`;
		})
		.join('');
	const updated = list.length
		? list.reduce((a, n) => (n.updatedAt > a ? n.updatedAt : a), list[0].updatedAt)
		: opts.updated;
	return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${opts.locale}"><id>${esc(base)}/notices.xml</id><title>${esc(opts.title)}</title><link rel="self" href="${esc(base)}/notices.xml"/><link rel="alternate" href="${esc(base)}/notices"/><updated>${updated.toISOString()}</updated><author><name>${esc(opts.title)}</name></author>${entries}</feed>\n`;
}
