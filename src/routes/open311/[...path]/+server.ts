import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import * as open311 from '$lib/server/reports/open311';
import * as reportsSvc from '$lib/server/reports/service';
import * as rateLimit from '$lib/server/rate-limit';
import { config } from '$lib/server/config';
import { formValues } from '$lib/server/forms';

/**
 * Open311 GeoReport v2 under /open311/v2/ (discovery also at /open311/discovery.*). The POST is
 * the one route exempt from the site's origin check (servers post without Origin): it is
 * authenticated by API key and rate-limited per key instead.
 */
type Route = {
	kind: 'discovery' | 'services' | 'service' | 'requests' | 'request';
	id?: string;
	format: open311.Format;
};

function parse(path: string): Route | null {
	const m = /^(?:v2\/)?discovery\.(json|xml)$/.exec(path);
	if (m) return { kind: 'discovery', format: m[1] as open311.Format };
	const v = /^v2\/(services|requests)(?:\/([^/]+))?\.(json|xml)$/.exec(path);
	if (!v) return null;
	const format = v[3] as open311.Format;
	if (v[1] === 'services')
		return v[2] ? { kind: 'service', id: decodeURIComponent(v[2]), format } : { kind: 'services', format };
	return v[2] ? { kind: 'request', id: decodeURIComponent(v[2]), format } : { kind: 'requests', format };
}

function send(format: open311.Format, root: string, item: string, value: unknown, status = 200): Response {
	const body = format === 'json' ? JSON.stringify(value) : open311.toXml(root, item, value as never);
	return new Response(body, {
		status,
		headers: {
			'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8',
			'access-control-allow-origin': '*'
		}
	});
}

function fail(format: open311.Format, code: number, description: string): Response {
	const e = open311.errors([{ code, description }], format);
	return new Response(e.body, { status: code, headers: { 'content-type': e.type } });
}

export const GET: RequestHandler = ({ params, url }) => {
	const route = parse(params.path);
	if (!route) return fail(url.pathname.endsWith('.xml') ? 'xml' : 'json', 404, 'not found');
	const db = getDb();
	const origin = config.origin;
	switch (route.kind) {
		case 'discovery':
			return send(route.format, 'discovery', 'endpoint', open311.discovery(origin));
		case 'services':
			return send(route.format, 'services', 'service', open311.services());
		case 'service': {
			if (!open311.services().some((s) => s.service_code === route.id))
				return fail(route.format, 404, 'unknown service_code');
			return send(route.format, 'service_definition', 'attribute', { service_code: route.id, attributes: [] });
		}
		case 'requests': {
			const p = open311.parseRequestFilters(url.searchParams);
			if (!p.ok) return fail(route.format, 400, p.description);
			return send(
				route.format,
				'service_requests',
				'request',
				open311.serialiseRequests(db, open311.findRequests(db, p.f), origin)
			);
		}
		case 'request': {
			const r = reportsSvc.byCode(db, route.id ?? '');
			if (!r || r.hidden || r.isDemo) return fail(route.format, 404, 'unknown service_request_id');
			return send(route.format, 'service_requests', 'request', open311.serialiseRequests(db, [r], origin));
		}
	}
};

export const POST: RequestHandler = async ({ params, request, getClientAddress }) => {
	const route = parse(params.path);
	if (!route || route.kind !== 'requests') return fail('json', 404, 'not found');
	const type = request.headers.get('content-type') ?? '';
	if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
		return fail(route.format, 400, 'send the fields as application/x-www-form-urlencoded');
	const form = await request.formData();
	for (const k of form.keys())
		if (!open311.POST_FIELDS.has(k) && !/^attribute\[[\w-]+\]$/.test(k))
			return fail(route.format, 400, `unknown field ${k.slice(0, 40)}`);
	const db = getDb();
	// every field is text that may be empty: the schema reads any form (the checks follow)
	const f = open311.postSchema.parse(formValues(form));
	const keyId = open311.checkKey(db, f.api_key || null);
	if (keyId === null) return fail(route.format, 403, 'a valid api_key is required');
	if (!rateLimit.hit(db, `open311:key:${keyId}`, config.limitOpen311).ok)
		return fail(route.format, 429, 'too many requests for this api_key');
	if (!f.lat || !f.long)
		return fail(route.format, 400, 'lat and long are required (address_string alone cannot be located)');
	const contact = [f.first_name, f.last_name, f.email, f.phone].filter(Boolean).join(' ').slice(0, 100);
	const r = await reportsSvc.submit(
		db,
		{ category: f.service_code, description: f.description, lat: f.lat, lng: f.long, contact },
		[],
		getClientAddress(),
		'zh-CN',
		{ via: 'open311', keyId }
	);
	if (!r.ok) {
		if (r.error === 'outside') return fail(route.format, 400, 'the location is outside Miyun District; use 12345');
		return fail(
			route.format,
			400,
			Object.entries(r.fields)
				.map(([k, v]) => `${k === 'category' ? 'service_code' : k}: ${v}`)
				.join('; ') || r.error
		);
	}
	return send(
		route.format,
		'service_requests',
		'request',
		[
			{
				service_request_id: r.code,
				// GeoReport v2's token: here the reporter's private key (shown once, stored hashed)
				token: r.key,
				service_notice: '已受理待核实 / received, waiting to be checked',
				account_id: null
			}
		],
		201
	);
};
