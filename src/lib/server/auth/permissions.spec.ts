import { describe, it, expect } from 'vitest';
import { can, needsSecondFactor } from './permissions';
import type { SessionUser } from './session';

const u = (
	role: SessionUser['role'],
	departmentCode: string | null = null,
	orgId: string | null = null
): SessionUser => ({
	id: 'u',
	email: 'e@x.cn',
	role,
	displayName: 'x',
	departmentCode,
	orgId,
	orgRole: role === 'org' ? 'admin' : null,
	hasTotp: role !== 'org'
});

describe('permissions', () => {
	it('lets nobody anonymous do anything', () => {
		expect(can(null, 'account.own')).toBe(false);
		expect(can(undefined, 'admin.enter')).toBe(false);
	});
	it('admin may do everything', () => {
		const a = u('admin');
		for (const p of ['admin.enter', 'audit.view', 'users.manage', 'department.queue'] as const)
			expect(can(a, p, { department: 'water' })).toBe(true);
	});
	it("staff see only their own department's queue", () => {
		const s = u('staff', 'water');
		expect(can(s, 'admin.enter')).toBe(true);
		expect(can(s, 'department.queue', { department: 'water' })).toBe(true);
		expect(can(s, 'department.queue', { department: 'education' })).toBe(false);
		expect(can(s, 'department.queue')).toBe(false);
		expect(can(s, 'audit.view')).toBe(false);
	});
	it('organisations reach only their own records and never the staff area', () => {
		const o = u('org', null, 'org1');
		expect(can(o, 'admin.enter')).toBe(false);
		expect(can(o, 'org.own', { orgId: 'org1' })).toBe(true);
		expect(can(o, 'org.own', { orgId: 'org2' })).toBe(false);
		expect(can(u('staff', 'water'), 'org.own', { orgId: 'org1' })).toBe(false);
	});
	it('staff and admin need a second factor; organisations do not', () => {
		expect(needsSecondFactor(u('staff', 'water'))).toBe(true);
		expect(needsSecondFactor(u('admin'))).toBe(true);
		expect(needsSecondFactor(u('org'))).toBe(true);
	});
});
