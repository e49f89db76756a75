/**
 * Seeds the data-dependent public pages for the accessibility sweep, through the real services,
 * into a server's database (its files into process.env.FILES_DIR, which the caller sets): a
 * published notice, an open perception survey, one 无废细胞 application in 公示 and one certified
 * (for /cells/verify). Returns {noticeId, surveySlug, verifyToken}. Loaded through tsx by
 * tests/in-db.ts (the services import JSON, which Playwright's loader refuses).
 */
import sharp from 'sharp';
import type { DB } from '../src/lib/server/db';
import { config } from '../src/lib/server/config';
import { staff, org, sessionUserFor } from '../src/lib/server/testing/builders';
import { setNow, resetClock } from '../src/lib/server/clock';
import * as notices from '../src/lib/server/notices/service';
import * as surveys from '../src/lib/server/surveys/service';
import { commitImport } from '../src/lib/server/surveys/import';
import * as cells from '../src/lib/server/cells/service';

export async function seedA11y(db: DB): Promise<{
	noticeId: number;
	surveySlug: string;
	verifyToken: string;
	/** the certified guesthouse's application and account (password: the builders' TEST_PASSWORD) */
	certId: number;
	certEmail: string;
}> {
	const stamp = `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
	// a published notice (staff of the ecology bureau manage notices)
	const editor = await staff(db, { department: 'ecology_environment', email: `a11y-editor${stamp}@example.gov.cn` });
	const editorUser = await sessionUserFor(db, editor.userId);
	const n = notices.create(
		db,
		editorUser,
		{
			titleZh: '关于无障碍检查的测试通知',
			titleEn: 'A test notice for the accessibility check',
			bodyZh: '正文**加粗**，以及[链接](https://example.gov.cn)。',
			bodyEn: 'Body with **bold** and a [link](https://example.gov.cn).'
		},
		null
	);
	if (!n.ok) throw new Error(`notice: ${n.error}`);
	const pub = notices.transition(db, editorUser, n.id, 'publish');
	if (!pub.ok) throw new Error(`publish: ${pub.error}`);

	// an open perception survey (the built-in template), no invitation codes
	const admin = await staff(db, { role: 'admin', email: `a11y-admin${stamp}@example.gov.cn` });
	const surveySlug = `a11y-${stamp}`;
	const s = surveys.create(db, admin.userId, {
		slug: surveySlug,
		titleZh: '无障碍检查用问卷',
		titleEn: 'Accessibility check survey',
		collectorZh: '密云区生态环境局',
		collectorEn: 'Miyun Ecology and Environment Bureau',
		contact: 'survey@example.gov.cn',
		template: true
	});
	if (!s.ok) throw new Error(`survey: ${JSON.stringify(s.errors)}`);
	const open = surveys.transition(db, admin.userId, s.id, 'open');
	if (!open.ok) throw new Error(`survey open: ${open.error}`);
	// four responses, one flagged (all alike in the matrix and fast), so the results page shows its
	// review table with the exclude form and the perception page shows figures
	const at = (min: number) => new Date(Date.parse('2026-10-10T02:00:00Z') + min * 60000).toISOString();
	const answer = (aspects: string, min: number) =>
		`gulou,public,a30_44,leaflet,sorting,agree,${aspects},satisfied,,7,2026-10-10T02:00:00Z,${at(min)}`;
	const imported = commitImport(
		db,
		{ type: 'system' },
		s.id,
		[
			'town,group,age_band,aware_items,actions,attention,aspects.facilities,aspects.cleanliness,aspects.publicity,overall,why_not,recommend,started_at,finished_at',
			...Array(3).fill(answer('satisfied,basic,satisfied', 10)),
			answer('satisfied,satisfied,satisfied', 2)
		].join('\n') + '\n'
	);
	if (!imported.ok) throw new Error('survey import');

	// two guesthouses (a type no other journey counts): one application left in 公示, one certified
	const reviewer = await sessionUserFor(
		db,
		(await staff(db, { department: 'culture_tourism', email: `a11y-ct${stamp}@example.gov.cn` })).userId
	);
	const jpeg = new Uint8Array(
		await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
			.jpeg()
			.toBuffer()
	);
	const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
	async function toNotice(): Promise<{ id: number; email: string }> {
		const o = await org(db, {
			type: 'guesthouse',
			town: 'gubeikou',
			email: `a11y-guesthouse${stamp}${Math.random().toString(36).slice(2, 6)}@example.com`
		});
		const hotel = await sessionUserFor(db, o.userId);
		const st = cells.start(db, hotel, 'guesthouse');
		if (!st.ok) throw new Error(`cell start: ${st.error}`);
		const app = cells.get(db, st.id)!;
		const def = cells.definitionOf(db, app);
		for (const sec of def.sections) {
			const values: Record<string, string> = {};
			const notes: Record<string, string> = {};
			const uploads: cells.Upload[] = [];
			for (const c of def.criteria.filter((c) => c.section === sec.id)) {
				values[c.id] = c.method === 'tiered' ? String(c.tiers!.length - 1) : c.method === 'deduction' ? '0' : 'yes';
				if (c.evidence === 'data') notes[c.id] = '92%';
				if (c.evidence === 'document') uploads.push({ criterionId: c.id, bytes: pdf, name: `${c.id}.pdf` });
				if (c.evidence === 'photo') uploads.push({ criterionId: c.id, bytes: jpeg, name: `${c.id}.jpg` });
			}
			const r = await cells.saveSection(db, hotel, st.id, sec.id, { values, notes }, uploads);
			if (!r.ok || Object.keys(r.errors).length) throw new Error(`cell section ${sec.id}: ${JSON.stringify(r)}`);
		}
		for (const [who, a] of [
			[hotel, 'submit'],
			[reviewer, 'accept'],
			[reviewer, 'start_review']
		] as const) {
			const t = cells.transition(db, who, st.id, a);
			if (!t.ok) throw new Error(`cell ${a}: ${t.error}`);
		}
		const vals = Object.fromEntries(cells.answers(db, st.id).map((r) => [r.criterionId, r.value ?? '']));
		cells.saveReview(db, reviewer, st.id, vals, {});
		for (const a of ['recommend', 'publish_notice']) {
			const t = cells.transition(db, reviewer, st.id, a);
			if (!t.ok) throw new Error(`cell ${a}: ${t.error}`);
		}
		return { id: st.id, email: o.email };
	}
	await toNotice();
	// the second one's 公示 began long enough ago to have ended: certified now
	setNow(new Date(Date.now() - (config.cellNoticeDays + 2) * 86400000));
	const { id: certId, email: certEmail } = await toNotice();
	resetClock();
	const c = cells.transition(db, reviewer, certId, 'certify');
	if (!c.ok) throw new Error(`certify: ${c.error}`);
	const verifyToken = cells.get(db, certId)!.verifyToken!;
	return { noticeId: n.id, surveySlug, verifyToken, certId, certEmail };
}
