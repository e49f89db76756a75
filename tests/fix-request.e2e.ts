/**
 * Issue 17 "a 补正 request reaches the organisation" and issue 19 "补正 marking": a reviewer asks
 * for more information in the review page (what to fix, by when), the organisation's email
 * arrives at the worker server's real SMTP server (server.inbox), and the link in it leads the
 * applicant to a task list that marks and links the sections to fix.
 */
import { test, expect, field, signInAs, dbPath, workerServer, inDb, passSecondFactor } from './kit';
import { linkIn } from './mailbox';

test('staff ask for 补正; the organisation’s email names what to fix and by when; its link shows the sections to fix', async ({
	browser,
	page: sp,
	server
}) => {
	test.setTimeout(120000);
	const app = await (await inDb()).underReview(dbPath(), workerServer().filesDir);

	// 区文旅局 asks for a stamped commitment letter and a clearer photo of the bins, by a set day
	await signInAs(sp, 'staff', 'culture_tourism');
	await sp.goto(`/admin/cells/${app.id}`);
	await expect(sp.getByTestId('cell-status')).toHaveText('评审中');
	await sp.getByLabel('法定代表人或负责人签署的申报承诺书').check();
	await sp.getByLabel('按北京市生活垃圾四分类要求设置容器并规范投放').check();
	await sp.getByLabel('补正截止日期').fill('2099-06-30');
	await sp.getByLabel(field('说明或理由')).fill('承诺书缺少盖章；分类桶照片看不清标识。');
	await sp.getByRole('button', { name: '要求补正' }).click();
	await expect(sp.getByTestId('cell-status')).toHaveText('待补正');
	// Post/Redirect/Get: the review page is back at its own address
	expect(sp.url()).not.toContain('?/');

	// the organisation's email: what to fix by name, the reason, the date, and a link to the application
	const m = await server.inbox.mailTo(app.email, /补正/, 15000);
	expect(m.text).toContain('法定代表人或负责人签署的申报承诺书');
	expect(m.text).toContain('按北京市生活垃圾四分类要求设置容器并规范投放');
	expect(m.text).not.toMatch(/\b[em]_[a-z_]+\b/);
	expect(m.text).toContain('承诺书缺少盖章；分类桶照片看不清标识。');
	expect(m.text).toContain('2099-06-30');
	const link = linkIn(m.text, `${server.origin}/cells/apply/${app.id}`);

	// the applicant follows it (signing in first), and finds the reason on top and the sections marked
	const orgCtx = await browser.newContext();
	const page = await orgCtx.newPage();
	await page.goto(link);
	await page.getByLabel(field('电子邮箱')).fill(app.email);
	await page.getByLabel(field('密码')).fill(app.password);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	// then the authenticator's code (issue 16), and on to the application
	const key = (await inDb()).orgSecretOf(dbPath(), app.email)!;
	await passSecondFactor(page, key.secret, '', key.lastStep);
	await expect(page).toHaveURL(new RegExp(`/cells/apply/${app.id}$`));
	const notice = page.locator('.notice.fix');
	await expect(notice.getByTestId('info-reason')).toHaveText('承诺书缺少盖章；分类桶照片看不清标识。');
	const marked = page.locator('ol.tasks [data-section-status="to_fix"]');
	await expect(marked).toHaveCount(2);
	await expect(marked.first()).toHaveText('需补正');
	await expect(page.locator('ol.tasks [data-section-status="to_fix"]', { hasText: '已完成' })).toHaveCount(0);
	await notice.getByRole('link', { name: '修改“基本要求”' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('基本要求');
	await orgCtx.close();
});
