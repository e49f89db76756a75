import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../testing/db';
import { staff } from '../testing/builders';
import { validateSessionToken, createSession, generateSessionToken } from '../auth/session';
import { setNow } from '../clock';
import { defineWorkflow, transition, Conflict, isConflict } from './index';
import * as reportsSvc from '../reports/service';
import * as keys from '../reports/keys';
import { workflow as reportFlow } from '../reports/workflow';
import { reports } from '../reports/schema';
import { auditLog } from '../audit/schema';
import { actions } from '../../../routes/admin/reports/[code]/+page.server';

const door = defineWorkflow<'shut' | 'open' | 'locked', 'anyone' | 'keeper', 'key' | 'handle', string>('door', {
	open: { from: ['shut'], to: 'open', who: ['anyone', 'keeper'], needs: ['handle'] },
	close: { from: ['open'], to: 'shut', who: ['anyone', 'keeper'] },
	lock: { from: ['shut'], to: 'locked', who: ['keeper'], needs: ['key', 'handle'] }
});

describe('the workflow engine (pure)', () => {
	it('allows exactly the steps of the table, by state and by who', () => {
		expect(door.allowed('open', 'shut', 'anyone')).toBe(true);
		expect(door.allowed('open', 'open', 'anyone')).toBe(false);
		expect(door.allowed('lock', 'shut', 'anyone')).toBe(false);
		expect(door.allowed('toString', 'shut', 'keeper')).toBe(false);
		expect(door.actionsFor('shut', 'keeper')).toEqual(['open', 'lock']);
		expect(door.actionsFor('locked', 'keeper')).toEqual([]);
	});

	it('checks every need, in the order the table lists them', () => {
		expect(door.check('lock', 'shut', 'keeper', {})).toEqual({ ok: false, error: 'key' });
		expect(door.check('lock', 'shut', 'keeper', { key: true })).toEqual({ ok: false, error: 'handle' });
		expect(door.check('lock', 'shut', 'keeper', { key: true, handle: true })).toEqual({ ok: true, action: 'lock' });
		expect(door.check('lock', 'shut', 'anyone', { key: true, handle: true })).toEqual({ ok: false, error: 'illegal' });
		expect(door.check('close', 'open', 'anyone', {})).toEqual({ ok: true, action: 'close' });
		// facts given as functions are worked out only when the step needs them
		let asked = 0;
		const handle = () => (asked++, true);
		expect(door.check('close', 'open', 'anyone', { handle }).ok).toBe(true);
		expect(asked).toBe(0);
		expect(door.check('open', 'shut', 'anyone', { handle }).ok).toBe(true);
		expect(asked).toBe(1);
	});

	it('gives every report step a target state and someone who may take it', () => {
		for (const a of reportFlow.actions) {
			expect(reportFlow.steps[a].who.length, a).toBeGreaterThan(0);
			expect(reportFlow.steps[a].from.length, a).toBeGreaterThan(0);
		}
		expect(reportFlow.allowed('confirm', 'resolved', 'reporter')).toBe(true);
		expect(reportFlow.allowed('confirm', 'resolved', 'staff')).toBe(false);
	});
});

let t: TestDb;
beforeEach(() => {
	t = createTestDb();
	setNow(new Date('2026-09-28T02:00:00Z'), { freeze: true });
});
afterEach(() => t.close());

async function sessionUser(userId: string) {
	const token = generateSessionToken();
	createSession(t.db, token, userId);
	return validateSessionToken(t.db, token).user!;
}

async function newReport() {
	const bytes = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#864' } })
		.jpeg()
		.toBuffer();
	const r = await reportsSvc.submit(
		t.db,
		{ category: 'overflow', description: '桶满了，垃圾溢出到路边', lat: '40.374', lng: '116.839', contact: '' },
		[{ bytes, name: 'a.jpg' }],
		'1.2.3.4',
		'zh-CN'
	);
	if (!r.ok) throw new Error(JSON.stringify(r));
	return reportsSvc.byCode(t.db, r.code)!;
}

const STORE = { table: reports, id: reports.id, status: reports.status };
const audits = (code: string) => t.db.select().from(auditLog).where(eq(auditLog.subjectId, code)).all();

describe('transition(): compare-and-set and its audit row in one transaction', () => {
	it('moves the row and writes one audit row', async () => {
		const r = await newReport();
		const before = audits(r.code).length;
		const to = t.db.transaction((tx) =>
			transition(tx, reportFlow, STORE, {
				action: 'accept',
				key: r.id,
				from: 'pending',
				actor: { type: 'system' },
				subjectId: r.code
			})
		);
		expect(to).toBe('accepted');
		expect(reportsSvc.byCode(t.db, r.code)!.status).toBe('accepted');
		const rows = audits(r.code);
		expect(rows).toHaveLength(before + 1);
		expect(rows.at(-1)).toMatchObject({ action: 'report.accept', fromState: 'pending', toState: 'accepted' });
	});

	it('throws a Conflict, changing nothing, when the row is no longer in the state the person saw', async () => {
		const r = await newReport();
		t.db.update(reports).set({ status: 'rejected' }).where(eq(reports.id, r.id)).run(); // someone else
		const before = audits(r.code).length;
		let caught: unknown;
		try {
			t.db.transaction((tx) =>
				transition(tx, reportFlow, STORE, {
					action: 'accept',
					key: r.id,
					from: 'pending',
					actor: { type: 'system' },
					subjectId: r.code
				})
			);
		} catch (e) {
			caught = e;
		}
		expect(isConflict(caught)).toBe(true);
		expect((caught as Conflict).status).toBe(409);
		expect((caught as Conflict).current).toBe('rejected');
		expect(reportsSvc.byCode(t.db, r.code)!.status).toBe('rejected');
		expect(audits(r.code)).toHaveLength(before);
	});
});

describe('a concurrent change to a report', () => {
	it('is a conflict outcome from the service, not an exception', async () => {
		const r = await newReport();
		const s = await staff(t.db, { department: r.departmentCode! });
		const user = await sessionUser(s.userId);
		expect(await reportsSvc.transition(t.db, user, r.code, 'accept', { expected: 'pending' })).toEqual({
			ok: true,
			status: 'accepted'
		});
		// a colleague's page still showed "pending"
		expect(
			await reportsSvc.transition(t.db, user, r.code, 'reject', { expected: 'pending', publicNote: '不是我们的' })
		).toEqual({ ok: false, error: 'conflict' });
		expect(reportsSvc.byCode(t.db, r.code)!.status).toBe('accepted');
	});

	it('answers the staff page with 409 and the localised message key, and the page shows it as it is now', async () => {
		const r = await newReport();
		const s = await staff(t.db, { department: r.departmentCode! });
		const user = await sessionUser(s.userId);
		await reportsSvc.transition(t.db, user, r.code, 'accept', {});
		const body = new FormData();
		body.set('action', 'reject');
		body.set('expected', 'pending');
		body.set('publicNote', '重复');
		const url = new URL(`http://localhost/admin/reports/${r.code}?/transition`);
		const event = {
			request: new Request(url, { method: 'POST', body }),
			url,
			params: { code: r.code },
			locals: { user, session: { twoFactorVerified: true } }
		};
		const out = (await actions.transition(event as never)) as { status: number; data: Record<string, unknown> };
		expect(out.status).toBe(409);
		expect(out.data).toMatchObject({ error: 'conflict', publicNote: '重复' });
		expect(reportsSvc.byCode(t.db, r.code)!.status).toBe('accepted');
		const { ACTION_ERRORS } = await import('../../reports/labels');
		expect(ACTION_ERRORS.conflict()).toMatch(/别人|Someone else/);
	});

	it("the reporter's follow-up goes through the table: nothing to confirm before resolution", async () => {
		const r = await newReport();
		// the reporter's own key opens the follow-up (issue 16); the table still refuses it before resolution
		const key = t.db.transaction((tx) => keys.issueOwner(tx, r.id));
		const opened = keys.open(t.db, key, '127.0.0.1');
		if (!opened.ok) throw new Error('key did not open');
		expect(reportsSvc.followUp(t.db, opened, true, '')).toEqual({ ok: false, error: 'not_resolved' });
	});
});
