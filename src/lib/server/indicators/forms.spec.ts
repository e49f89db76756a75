import { describe, it, expect } from 'vitest';
import { parseTaskForm } from './forms';

function fd(entries: [string, string][]) {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('key task form', () => {
	it('refuses a day after today and an unknown status, keeping what was typed', () => {
		const r = parseTaskForm(
			fd([
				['status', 'sleeping'],
				['note', '  已完成验收  '],
				['day', '2026-12-06']
			]),
			'2026-12-05'
		);
		expect(r).toEqual({
			ok: false,
			values: { status: 'sleeping', note: '  已完成验收  ', day: '2026-12-06' },
			errors: { status: 'choose', day: 'bad_date' }
		});
	});

	it('takes today', () => {
		const r = parseTaskForm(
			fd([
				['status', 'done'],
				['note', '已完成验收'],
				['day', '2026-12-05']
			]),
			'2026-12-05'
		);
		expect(r).toEqual({ ok: true, input: { status: 'done', note: '已完成验收', day: '2026-12-05' } });
	});
});
