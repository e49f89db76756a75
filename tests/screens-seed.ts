/**
 * Seeds the applicant screens of issue 19 through the real services, against the journey
 * server's database (DATABASE_PATH, FILES_DIR): one guesthouse application in 补正 (one item
 * reopened with a reason), one certified guesthouse and one whose certificate was revoked.
 * Returns {fixEmail, fixId, certEmail, certId, validToken, revokedToken, password} (with
 * `only = 'under_review'`: only the guesthouse under review, {email, id, password}). Run in the
 * worker through tests/in-db.ts, against the worker server's database.
 */
import sharp from 'sharp';
import type { DB } from '../src/lib/server/db';
import { config } from '../src/lib/server/config';
import { staff, org, sessionUserFor, TEST_PASSWORD } from '../src/lib/server/testing/builders';
import { setNow, resetClock } from '../src/lib/server/clock';
import * as cells from '../src/lib/server/cells/service';

export interface ScreensSeed {
	fixEmail: string;
	fixId: number;
	certEmail: string;
	certId: number;
	validToken: string;
	revokedToken: string;
	password: string;
}

/** Everything above; with `only = 'under_review'`, only the guesthouse under review. */
export async function seedScreens(db: DB): Promise<ScreensSeed>;
export async function seedScreens(
	db: DB,
	only: 'under_review'
): Promise<{ email: string; id: number; password: string }>;
export async function seedScreens(db: DB, only?: 'under_review') {
	const stamp = `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
	const reviewer = await sessionUserFor(
		db,
		(await staff(db, { department: 'culture_tourism', email: `screens-ct${stamp}@example.gov.cn` })).userId
	);
	const jpeg = new Uint8Array(
		await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
			.jpeg()
			.toBuffer()
	);
	const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
	let k = 0;
	/** A guesthouse with every section answered at its best, submitted and under review. */
	async function underReview() {
		const email = `screens-gh${stamp}-${k++}@example.com`;
		const user = await sessionUserFor(db, (await org(db, { type: 'guesthouse', town: 'gubeikou', email })).userId);
		const st = cells.start(db, user, 'guesthouse');
		if (!st.ok) throw new Error(`cell start: ${st.error}`);
		const def = cells.definitionOf(db, cells.get(db, st.id)!);
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
			const r = await cells.saveSection(db, user, st.id, sec.id, { values, notes }, uploads);
			if (!r.ok || Object.keys(r.errors).length) throw new Error(`cell section ${sec.id}: ${JSON.stringify(r)}`);
		}
		for (const [who, a] of [
			[user, 'submit'],
			[reviewer, 'accept'],
			[reviewer, 'start_review']
		] as const) {
			const t = cells.transition(db, who, st.id, a);
			if (!t.ok) throw new Error(`cell ${a}: ${t.error}`);
		}
		return { email, id: st.id };
	}
	function must(r: { ok: boolean; error?: string }, what: string) {
		if (!r.ok) throw new Error(`${what}: ${r.error}`);
	}

	// one application under review, nothing else (tests/fix-request.e2e.ts)
	if (only === 'under_review') {
		const a = await underReview();
		return { email: a.email, id: a.id, password: TEST_PASSWORD };
	}

	// 补正: the reviewer reopens the commitment letter and the bins' photo
	const fix = await underReview();
	must(
		cells.transition(db, reviewer, fix.id, 'request_info', {
			items: ['e_commitment', 'm_sorting'],
			dueDay: '2099-12-31',
			reason: '承诺书缺少盖章；分类桶照片看不清标识。'
		}),
		'request_info'
	);

	// two certified (their 公示 began long enough ago to have ended), one then revoked
	setNow(new Date(Date.now() - (config.cellNoticeDays + 2) * 86400000));
	const cert = await underReview();
	const gone = await underReview();
	for (const id of [cert.id, gone.id]) {
		cells.saveReview(db, reviewer, id, {}, {});
		for (const a of ['recommend', 'publish_notice']) must(cells.transition(db, reviewer, id, a), a);
	}
	resetClock();
	for (const id of [cert.id, gone.id]) must(cells.transition(db, reviewer, id, 'certify'), 'certify');
	must(cells.transition(db, reviewer, gone.id, 'revoke', { reason: '抽查发现仍主动提供一次性用品' }), 'revoke');
	return {
		fixEmail: fix.email,
		fixId: fix.id,
		certEmail: cert.email,
		certId: cert.id,
		validToken: cells.get(db, cert.id)!.verifyToken!,
		revokedToken: cells.get(db, gone.id)!.verifyToken!,
		password: TEST_PASSWORD
	};
}
