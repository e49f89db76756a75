import { test, expect, signInAs } from './kit';
import { origin } from './helpers';

test('Open311: admin issues a key; a server posts a request without Origin; GET returns it in JSON and XML', async ({
	page,
	playwright
}) => {
	await signInAs(page, 'admin');
	await page.getByRole('link', { name: '接口密钥（Open311）' }).click();
	await page.getByLabel('使用方名称').fill('12345 热线对接');
	await page.getByRole('button', { name: '发放密钥' }).click();
	const key = (await page.getByTestId('api-key').textContent())!.trim();

	// a server: no Origin header, form fields as the spec defines them
	const api = await playwright.request.newContext({ baseURL: origin() });
	const discovery = await api.get('/open311/discovery.json');
	expect((await discovery.json()).endpoints[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
	expect(await (await api.get('/open311/v2/services.xml')).text()).toContain(
		'<service_code>illegal_dumping</service_code>'
	);

	const noKey = await api.post('/open311/v2/requests.json', {
		form: { service_code: 'litter', lat: '40.37', long: '116.84', description: 'no key here' }
	});
	expect(noKey.status()).toBe(403);
	expect(await noKey.json()).toEqual([{ code: 403, description: expect.any(String) }]);
	const odd = await api.post('/open311/v2/requests.json', {
		form: {
			api_key: key,
			service_code: 'litter',
			lat: '40.37',
			long: '116.84',
			description: 'odd field',
			shoe_size: '42'
		}
	});
	expect(odd.status()).toBe(400);

	const created = await api.post('/open311/v2/requests.json', {
		form: {
			api_key: key,
			jurisdiction_id: 'miyun',
			service_code: 'overflow',
			lat: '40.37456',
			long: '116.83912',
			description: '公交站旁垃圾桶满溢',
			email: 'citizen@example.com'
		}
	});
	expect(created.status()).toBe(201);
	const [{ service_request_id: id }] = await created.json();
	expect(id).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);

	const one = await (await api.get(`/open311/v2/requests/${id}.json`)).json();
	expect(one[0]).toMatchObject({
		service_request_id: id,
		status: 'open',
		service_code: 'overflow',
		lat: 40.375,
		long: 116.839
	});
	expect(JSON.stringify(one)).not.toContain('citizen@example.com');
	const xml = await (await api.get(`/open311/v2/requests.xml?service_request_id=${id}`)).text();
	expect(xml).toContain(`<service_request_id>${id}</service_request_id>`);
	expect(xml).toContain('<status>open</status>');
	expect((await api.get('/open311/v2/requests.json?status=maybe')).status()).toBe(400);
	await api.dispose();

	// the admin accepts it from the queue in bulk
	await page.goto('/admin/reports');
	await page.getByRole('checkbox', { name: `选择 ${id}` }).check();
	await page.getByRole('button', { name: '受理所选' }).click();
	await expect(page.getByText('已处理 1 / 1')).toBeVisible();
});

test('an admin edits the routing table; staff cannot', async ({ page }) => {
	await signInAs(page, 'admin');
	await page.getByRole('link', { name: '派单规则' }).click();
	await expect(page).toHaveURL(/\/admin\/routing$/);
	await expect(page.locator('tbody tr').first()).toBeVisible();
	const before = await page.locator('tbody tr').count();
	await page.getByLabel('问题类型').selectOption('other');
	await page.getByLabel('区域').selectOption('scenic');
	await page.getByLabel('承办部门').selectOption('culture_tourism');
	await page.getByRole('button', { name: '新增规则' }).click();
	await expect(page.locator('tbody tr')).toHaveCount(before + 1);
	await page.getByLabel('问题类型').selectOption('other'); // the same rule again
	await page.getByLabel('区域').selectOption('scenic');
	await page.getByRole('button', { name: '新增规则' }).click();
	await expect(page.getByRole('alert')).toContainText('已有相同');
	await page.context().clearCookies();
	await signInAs(page, 'staff', 'culture_tourism');
	expect((await page.goto('/admin/routing'))?.status()).toBe(403);
});

test('every other form post still needs this site as its Origin', async ({ playwright }) => {
	const api = await playwright.request.newContext({ baseURL: origin() });
	const r = await api.post('/login', { form: { email: 'a@b.cn', password: 'x' } });
	expect(r.status()).toBe(403);
	expect(await r.text()).toContain('不接受来自其他网站的表单提交');
	await api.dispose();
});
