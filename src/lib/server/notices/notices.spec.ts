import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff, org, sessionUserFor } from '../testing/builders';
import { setNow } from '../clock';
import * as noticesSvc from './service';
import { auditLog } from '../audit/schema';

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-11-27T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

const input = {
	titleZh: '关于开展无废细胞申报的通知',
	titleEn: 'Applications for zero-waste cells open',
	bodyZh: '请于 **12 月 31 日**前申报。',
	bodyEn: 'Apply by **31 December**.'
};

describe('notice text', () => {
	it('renders Markdown but never raw HTML or script links', () => {
		const html = noticesSvc.render(
			'<script>alert(1)</script>\n\n[x](javascript:alert(1)) [ok](https://www.bjmy.gov.cn/) ![i](https://e.com/a.png) **b**'
		);
		expect(html).not.toContain('<script');
		expect(html).toContain('&lt;script&gt;');
		expect(html).not.toMatch(/href="javascript:/);
		expect(html).toContain('<a href="https://www.bjmy.gov.cn/" rel="noopener nofollow">ok</a>');
		expect(html).not.toContain('<img');
		expect(html).toContain('<strong>b</strong>');
	});
	it('refuses empty or over-long fields with codes', () => {
		expect(noticesSvc.validate({ ...input, titleZh: ' ', bodyEn: 'x'.repeat(30001) })).toEqual({
			ok: false,
			errors: { titleZh: 'required', bodyEn: 'too_long' }
		});
	});
});

describe('publishing', () => {
	it('draft → published → unpublished → published, each audited; illegal steps refused; only staff', async () => {
		const s = await sessionUserFor(t.db, (await staff(t.db, { department: 'ecology_environment' })).userId);
		const r = noticesSvc.create(t.db, s, input, null);
		if (!r.ok) throw new Error('create');
		expect(noticesSvc.published(t.db)).toHaveLength(0);
		expect(noticesSvc.getPublished(t.db, r.id)).toBeUndefined();
		expect(noticesSvc.transition(t.db, s, r.id, 'unpublish')).toEqual({ ok: false, error: 'illegal' });
		expect(noticesSvc.transition(t.db, s, r.id, 'publish')).toEqual({ ok: true });
		expect(noticesSvc.transition(t.db, s, r.id, 'publish')).toEqual({ ok: false, error: 'illegal' });
		expect(noticesSvc.published(t.db).map((n) => n.id)).toEqual([r.id]);
		expect(noticesSvc.transition(t.db, s, r.id, 'unpublish')).toEqual({ ok: true });
		expect(noticesSvc.published(t.db)).toHaveLength(0);
		expect(noticesSvc.transition(t.db, s, r.id, 'publish')).toEqual({ ok: true });
		const rows = t.db.select().from(auditLog).where(eq(auditLog.subjectType, 'notice')).all();
		expect(rows.map((a) => `${a.action}:${a.fromState ?? ''}>${a.toState ?? ''}`)).toEqual([
			'notice.create:>draft',
			'notice.publish:draft>published',
			'notice.unpublish:published>unpublished',
			'notice.publish:unpublished>published'
		]);
		const o = await sessionUserFor(t.db, (await org(t.db)).userId);
		expect(noticesSvc.create(t.db, o, input, null)).toEqual({ ok: false, error: 'forbidden' });
		expect(noticesSvc.transition(t.db, o, r.id, 'unpublish')).toEqual({ ok: false, error: 'forbidden' });
	});

	it('the Atom feed lists published notices in the asked language, escaped', async () => {
		const s = await sessionUserFor(t.db, (await staff(t.db)).userId);
		const r = noticesSvc.create(t.db, s, { ...input, titleEn: 'Bins & <bags>' }, null);
		if (!r.ok) throw new Error('create');
		noticesSvc.transition(t.db, s, r.id, 'publish');
		const xml = noticesSvc.atom(noticesSvc.published(t.db), {
			origin: 'https://wf.example.gov.cn',
			locale: 'en',
			title: 'Notices',
			updated: new Date()
		});
		expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
		expect(xml).toContain(`<id>https://wf.example.gov.cn/en/notices/${r.id}</id>`);
		expect(xml).toContain('<title>Bins &amp; &lt;bags&gt;</title>');
		expect(xml).toContain('&lt;strong&gt;31 December&lt;/strong&gt;');
		expect(xml).toContain('<published>2026-11-27T02:00:00.000Z</published>');
	});
});
