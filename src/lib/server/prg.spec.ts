import { describe, expect, it } from 'vitest';
import { isRedirect } from '@sveltejs/kit';
import { seeOther, seeOtherWith, takeFlash, doneOf } from './prg';

/** The parts of a RequestEvent the helpers read: the address, a cookie jar, the signed-in user. */
function eventAt(href: string, userId: string | null, jar = new Map<string, { value: string; path: string }>()) {
	return {
		url: new URL(href),
		locals: { user: userId ? { id: userId } : null, session: null } as never,
		cookies: {
			get: (n: string) => jar.get(n)?.value,
			set: (n: string, value: string, o: { path: string }) => void jar.set(n, { value, path: o.path }),
			delete: (n: string) => void jar.delete(n)
		} as never,
		jar
	};
}

function redirectOf(f: () => never) {
	try {
		f();
	} catch (e) {
		if (isRedirect(e)) return e;
		throw e;
	}
	throw new Error('no redirect');
}

describe('Post/Redirect/Get', () => {
	it('answers 303 to the page itself, keeping its filters and dropping the action and an older done', () => {
		const r = redirectOf(() =>
			seeOther(eventAt('http://x/en/admin/outbox?status=failed&/retry&done=cap', 'u'), 'retry')
		);
		expect(r.status).toBe(303);
		expect(r.location).toBe('/en/admin/outbox?status=failed&done=retry');
		expect(doneOf(new URL(`http://x${r.location}`))).toBe('retry');
		expect(doneOf(new URL('http://x/?done=<script>'))).toBeNull();
	});

	it('hands a value to the next load of the same page and user once, in a cookie scoped to that page', () => {
		const post = eventAt('http://x/admin/api-keys?/issue', 'admin1');
		const r = redirectOf(() => seeOtherWith(post, 'issued', 'the-key'));
		expect(r.location).toBe('/admin/api-keys?done=issued');
		expect(post.jar.get('flash')?.path).toBe('/admin/api-keys');
		// the value itself never travels: only a random id does
		expect(post.jar.get('flash')?.value).not.toContain('the-key');
		const get = eventAt('http://x/admin/api-keys?done=issued', 'admin1', post.jar);
		expect(takeFlash(get)).toBe('the-key');
		// a reload shows it no more
		expect(takeFlash(get)).toBeNull();
	});

	it('gives nothing to another signed-in user holding the cookie', () => {
		const post = eventAt('http://x/admin/users?/create', 'admin1');
		redirectOf(() => seeOtherWith(post, 'created', 'new@example.gov.cn'));
		expect(takeFlash(eventAt('http://x/admin/users', 'admin2', post.jar))).toBeNull();
	});
});
