import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestDb, type TestDb } from '../testing/db';
import * as audit from './index';
import { auditLog } from './schema';

let t: TestDb;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.close());

describe('audit log', () => {
	it('records inside the transaction and rolls back with it', () => {
		t.db.transaction((tx) =>
			audit.record(tx, {
				actor: { type: 'user', id: 'u1' },
				action: 'thing.move',
				subject: { type: 'thing', id: '1' },
				from: 'a',
				to: 'b'
			})
		);
		expect(() =>
			t.db.transaction((tx) => {
				audit.record(tx, { actor: audit.SYSTEM, action: 'thing.move', subject: { type: 'thing', id: '2' } });
				throw new Error('the change failed');
			})
		).toThrow('the change failed');
		const rows = audit.list(t.db);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ actorType: 'user', actorId: 'u1', fromState: 'a', toState: 'b', subjectId: '1' });
	});

	it('is append-only: updates and deletes are refused by the database', () => {
		t.db.transaction((tx) => audit.record(tx, { actor: audit.SYSTEM, action: 'x', subject: { type: 't', id: '1' } }));
		expect(() => t.db.update(auditLog).set({ note: 'rewritten' }).run()).toThrow(/append-only/);
		expect(() => t.db.delete(auditLog).run()).toThrow(/append-only/);
		expect(audit.list(t.db)[0].note).toBeNull();
	});

	it('filters by subject and pages backwards', () => {
		t.db.transaction((tx) => {
			for (let i = 0; i < 5; i++)
				audit.record(tx, {
					actor: audit.SYSTEM,
					action: 'x',
					subject: { type: i % 2 ? 'odd' : 'even', id: String(i) }
				});
		});
		expect(audit.list(t.db, { subjectType: 'odd' }).map((r) => r.subjectId)).toEqual(['3', '1']);
		const first = audit.list(t.db, { limit: 2 });
		expect(audit.list(t.db, { beforeId: first[1].id }).map((r) => r.subjectId)).toEqual(['2', '1', '0']);
	});
});
