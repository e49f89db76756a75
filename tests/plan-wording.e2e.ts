/**
 * Issue 18: a plan with nothing reported must not read as failing. Indicators without a figure say
 * 未填报 / "Not reported", and the binding count says how many are not reported, in both languages.
 */
import { test, expect, signInAs } from './kit';

test('/plan and /indicators say 未填报 / not reported, in Chinese and English', async ({ page }) => {
	await page.goto('/plan');
	await expect(page.getByTestId('binding')).toHaveText(/^约束性指标共 25 项：已达标 \d+ 项，未填报 \d+ 项$/);
	await expect(page.getByText('“未填报”表示责任部门尚未报送数据')).toBeVisible();
	await expect(page.getByText('暂无数据')).toHaveCount(0);
	await page.goto('/en/plan');
	await expect(page.getByTestId('binding')).toHaveText(/^Binding indicators: \d+ of 25 met, \d+ not reported yet$/);
	await expect(
		page.getByText('“Not reported” means the responsible department has not sent a figure yet')
	).toBeVisible();
	await page.goto('/indicators');
	await expect(page.getByRole('list', { name: '指标进展汇总' })).toContainText('未填报');
	await expect(page.getByText('暂无数据')).toHaveCount(0);
	await page.goto('/en/indicators');
	await expect(page.getByRole('list', { name: /summary/i })).toContainText('Not reported');
	await expect(page.getByText('No data', { exact: true })).toHaveCount(0);
	// indicator 26 (稳定在61.5kg/亩) is a ceiling, not "keep within ±0.5 %"
	const j = await (await page.request.get('/api/indicators/26')).json();
	expect(j.indicator).toMatchObject({ no: 26, targetKind: 'ceiling', targetValue: 61.5 });
});

test('/plan/tasks: nothing reported is not overdue; a task its department reports as in progress after its deadline is', async ({
	page
}) => {
	await page.goto('/plan/tasks');
	await expect(page.locator('li.task').first()).toBeAttached(); // in collapsed theme groups
	// nobody has reported task 1 on this site yet: 未填报, not 逾期
	await expect(page.locator('#task-1')).not.toHaveAttribute('data-overdue', 'true');
	await expect(page.locator('#task-1 .st.overdue')).toHaveCount(0);
	// 区城管委 leads task 1 (deadline 2025): reported in progress now, after the deadline
	await signInAs(page, 'staff', 'city_management');
	await page.goto('/admin/plan/tasks/1');
	await page.getByLabel('推进中').check();
	await page.getByLabel('公开进展说明').fill('方案编制中（测试）');
	await page.getByRole('button', { name: '发布状态' }).click();
	await expect(page.getByText('已逾期').first()).toBeVisible();
	await page.goto('/plan/tasks');
	await expect(page.locator('#task-1')).toHaveAttribute('data-overdue', 'true');
	await expect(page.locator('#task-1 .st.overdue')).toHaveText('已逾期');
});
