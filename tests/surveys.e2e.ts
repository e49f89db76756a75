import { test, expect, type Page, signInAs } from './kit';
import Database from 'better-sqlite3';
import { field, dbPath, revealWhyNot } from './helpers';

/** rows in survey_responses, read straight from the server's database */
function responseCount(slug: string): number {
	const db = new Database(dbPath(), { readonly: true });
	try {
		const r = db
			.prepare('select count(*) as n from survey_responses r join surveys s on s.id = r.survey_id where s.slug = ?')
			.get(slug) as { n: number };
		return r.n;
	} finally {
		db.close();
	}
}

async function staffIn(page: Page, role: 'admin' | 'staff', prefix = '') {
	await signInAs(page, role, role === 'admin' ? undefined : 'ecology_environment', prefix);
}

test('a respondent answers the perception survey on a 360 px phone in Chinese, leaves mid-way, returns and finishes; the invitation code works once', async ({
	page,
	browser
}) => {
	test.setTimeout(180000);
	const slug = `perception-${Date.now()}`;
	await staffIn(page, 'admin');
	await page.goto('/admin/surveys');
	await page.getByLabel(field('网址代码')).fill(slug);
	await page.getByLabel(field('标题（中文）')).fill('密云区无废城市公众感知调查');
	await page.getByLabel(field('标题（英文）')).fill('Miyun zero-waste public perception survey');
	await page.getByLabel(field('调查实施单位（中文）')).fill('密云区生态环境局');
	await page.getByLabel(field('调查实施单位（英文）')).fill('Miyun Ecology and Environment Bureau');
	await page.getByLabel(field('联系方式（电话或邮箱）')).fill('survey@example.gov.cn');
	await page.getByRole('button', { name: '创建问卷' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('密云区无废城市公众感知调查');
	await expect(page.getByText('状态：草稿')).toBeVisible();
	await page.getByRole('button', { name: '开放调查' }).click();
	await expect(page.getByRole('status')).toContainText('进行中');
	await page.getByLabel('生成数量（1–2000）').fill('2');
	await page.getByRole('button', { name: '生成邀请码' }).click();
	const codes = (await page.getByLabel('新邀请码（每行一个）').inputValue()).split('\n');
	expect(codes).toHaveLength(2);
	expect(codes[0]).toMatch(/^[0-9A-Z]{10}$/);

	// the respondent: a 360 px phone, Chinese
	const ctx = await browser.newContext({
		viewport: { width: 360, height: 740 },
		locale: 'zh-CN',
		isMobile: true,
		hasTouch: true
	});
	let phone = await ctx.newPage();
	await phone.goto('/surveys');
	await phone.getByRole('link', { name: '参加调查: 密云区无废城市公众感知调查' }).click();
	await expect(phone.getByRole('heading', { name: '开始前请阅读' })).toBeVisible();
	await expect(phone.getByRole('definition').filter({ hasText: '密云区生态环境局' })).toBeVisible();
	expect(responseCount(slug)).toBe(0); // nothing stored before consent
	await phone.getByLabel('邀请码').fill(codes[0].toLowerCase());
	await phone.getByLabel('我已阅读以上说明，同意参加本次调查').check();
	await phone.getByRole('button', { name: '同意并开始' }).click();
	await expect(phone.getByText('第 1 / 4 部分')).toBeVisible();
	expect(responseCount(slug)).toBe(1);
	// nothing chosen: the page says what is missing
	await phone.getByRole('button', { name: '下一页' }).click();
	await expect(phone.getByRole('alert')).toContainText('请回答这道题。');
	await phone.getByRole('radio', { name: '鼓楼街道' }).check();
	await phone.getByRole('radio', { name: '公众', exact: true }).check();
	await phone.getByRole('radio', { name: '30–44 岁' }).check();
	await phone.getByRole('button', { name: '下一页' }).click();
	await expect(phone.getByText('第 2 / 4 部分')).toBeVisible();
	// the tab is closed mid-way …
	await phone.close();
	// … and opened again later: the survey resumes on page 2
	phone = await ctx.newPage();
	await phone.goto(`/surveys/${slug}`);
	await expect(phone.getByText('第 2 / 4 部分')).toBeVisible();
	expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await phone.getByRole('checkbox', { name: '宣传册、海报或标语' }).check();
	await phone.getByRole('button', { name: '下一页' }).click();
	await expect(phone.getByText('第 3 / 4 部分')).toBeVisible();
	await phone.getByRole('checkbox', { name: '坚持垃圾分类投放' }).check();
	await phone.getByRole('radio', { name: '同意', exact: true }).check();
	await phone.getByRole('button', { name: '下一页' }).click();
	await expect(phone.getByText('第 4 / 4 部分')).toBeVisible();
	await phone.getByRole('group', { name: '分类投放设施' }).getByRole('radio', { name: '满意', exact: true }).check();
	await phone.getByRole('group', { name: '环境卫生' }).getByRole('radio', { name: '基本满意' }).check();
	await phone.getByRole('group', { name: '宣传引导' }).getByRole('radio', { name: '满意', exact: true }).check();
	// skip logic (issue 18): "what are you not satisfied with?" appears only after a dissatisfied answer
	const whyNot = await revealWhyNot(phone);
	await phone
		.getByRole('group', { name: /总体而言/ })
		.getByRole('radio', { name: '非常满意' })
		.check();
	await expect(whyNot).toBeHidden();
	expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await phone.getByRole('button', { name: '提交' }).click();
	await expect(phone.getByRole('heading', { name: '感谢参与！' })).toBeVisible();
	await ctx.close();

	// someone else tries the same invitation code: refused, not counted
	const other = await browser.newContext({ locale: 'zh-CN' });
	const p2 = await other.newPage();
	await p2.goto(`/surveys/${slug}`);
	await p2.getByLabel('邀请码').fill(codes[0]);
	await p2.getByLabel('我已阅读以上说明，同意参加本次调查').check();
	await p2.getByRole('button', { name: '同意并开始' }).click();
	await expect(p2.getByRole('alert')).toContainText('这个邀请码已经使用过');
	expect(responseCount(slug)).toBe(1);

	// the public figures: one respondent, aware, participating, satisfied
	await p2.goto(`/indicators/perception?survey=${slug}`); // this journey's own survey, whatever else is open
	await expect(p2.getByRole('heading', { level: 1 })).toHaveText('公众感知指标（54–56）');
	await expect(p2.getByText('满意度只计“非常满意”和“满意”')).toBeVisible();
	await expect(p2.getByText('部分镇街人口为示例数据').first()).toBeVisible();
	await other.close();
	const api = await page.request.get(`/api/indicators/perception?survey=${slug}`);
	expect(api.status()).toBe(200);
	const j = await api.json();
	expect(j.survey).toBe(slug);
	expect(j.satisfactionCountsBasic).toBe(false);
	expect(j.indicators.map((i: { no: number }) => i.no)).toEqual([54, 55, 56]);
	expect(Object.keys(j.indicators[0])).toEqual([
		'no',
		'n',
		'count',
		'rate',
		'ciLow',
		'ciHigh',
		'weightedRate',
		'weightedCiLow',
		'weightedCiHigh',
		'deff',
		'effectiveN',
		'target',
		'statusBasis',
		'status'
	]);
	expect(j.indicators[2]).toMatchObject({ no: 56, n: 1, count: 1, rate: 1, target: 0.9, status: 'met' });
});

test('staff build a small survey with skip logic, open it, see the results and export CSV without identifiers', async ({
	page,
	browser
}) => {
	test.setTimeout(180000);
	const slug = `pets-${Date.now()}`;
	await staffIn(page, 'staff', '/en');
	await page.getByRole('main').getByRole('link', { name: 'Surveys' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Surveys');
	// the sample-size helper: ±3% at 95% with design effect 1.5
	await page.getByLabel(field('Margin of error \\(± %\\)')).fill('3');
	await page.getByLabel('Design effect (optional)').fill('1.5');
	await page.getByRole('button', { name: 'Calculate' }).click();
	await expect(page.getByRole('status')).toContainText('1602 valid responses needed');

	await page.getByLabel(field('Address code')).fill(slug);
	await page.getByLabel(field('Title \\(Chinese\\)')).fill('宠物与垃圾');
	await page.getByLabel(field('Title \\(English\\)')).fill('Pets and waste');
	await page.getByLabel(field('Who collects the answers \\(Chinese\\)')).fill('区生态环境局');
	await page.getByLabel(field('Who collects the answers \\(English\\)')).fill('Ecology Bureau');
	await page.getByLabel(field('Contact \\(phone or email\\)')).fill('010-00000000');
	await page.getByLabel('A blank survey').check();
	await page.getByRole('button', { name: 'Create survey' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pets and waste');
	// an empty survey cannot open
	await page.getByRole('button', { name: 'Open the survey' }).click();
	await expect(page.getByRole('alert')).toContainText('no questions');

	await page.getByLabel('New section code').fill('home');
	await page.getByLabel('New section name (Chinese)').fill('家庭');
	await page.getByLabel('New section name (English)').fill('Home');
	await page.getByLabel('Question code').fill('pets');
	await page.getByLabel('Type').selectOption('single');
	await page.getByLabel('Question (Chinese)').fill('您家养宠物吗？');
	await page.getByLabel('Question (English)').fill('Do you keep pets?');
	await page.getByLabel(/^Options/).fill('yes|是|Yes\nno|否|No');
	await page.getByRole('button', { name: 'Add question' }).click();
	await expect(page.getByRole('status')).toContainText('Question pets added');

	await page.getByLabel('Question code').fill('kind');
	await page.getByLabel('Type').selectOption('text');
	await page.getByLabel('Question (Chinese)').fill('养的是什么？');
	await page.getByLabel('Question (English)').fill('Which pet?');
	await page.getByLabel('Only when this question…').selectOption('pets');
	await page.getByLabel('Option codes').fill('yes');
	await page.getByRole('button', { name: 'Add question' }).click();
	await expect(page.getByText('Shown only if pets is yes')).toBeVisible();
	await page.getByRole('button', { name: 'Open the survey' }).click();
	await expect(page.getByText('questions can no longer change')).toBeVisible();

	// a respondent without JavaScript (as in some WeChat WebViews): "Which pet?" is needed only after "Yes"
	const ctx = await browser.newContext({ locale: 'en', javaScriptEnabled: false });
	const r = await ctx.newPage();
	await r.goto(`/en/surveys/${slug}`);
	await r.getByLabel('I have read the notice above and agree to take part').check();
	await r.getByRole('button', { name: 'Agree and start' }).click();
	await r.getByRole('radio', { name: 'Yes' }).check();
	await r.getByRole('button', { name: 'Submit' }).click();
	await expect(r.getByRole('alert')).toContainText('Please answer this question.');
	await r.getByLabel('Which pet?').fill('cat');
	await r.getByRole('button', { name: 'Submit' }).click();
	await expect(r.getByRole('heading', { name: 'Thank you for taking part!' })).toBeVisible();
	await ctx.close();

	await page.getByRole('link', { name: 'Results' }).click();
	await expect(page.getByText('1 completed responses', { exact: true })).toBeVisible();
	await expect(page.getByLabel('Town')).toBeVisible();
	await expect(page.getByLabel('Respondent group')).toBeVisible();
	const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
	const res = await page.request.get(href!);
	expect(res.headers()['content-type']).toContain('text/csv');
	const body = await res.text();
	expect(body.charCodeAt(0)).toBe(0xfeff);
	const [header, row] = body.slice(1).split('\r\n');
	expect(header).toBe('"respondent","source","finished_day","flags","pets","kind"');
	expect(row).toMatch(/^"[A-Za-z0-9_-]{12}","web","\d{4}-\d{2}-\d{2}","","yes","cat"$/);
});
